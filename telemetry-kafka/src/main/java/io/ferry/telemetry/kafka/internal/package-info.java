/** The Kafka telemetry publisher: its DS component, configuration and the publisher itself. Not exported. */
package io.ferry.telemetry.kafka.internal;
