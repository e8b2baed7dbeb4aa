/** How the forecast reports are written (JSON for scripts, Chart.js, the HTML template): private to the bundle. */
package io.ferry.forecast.internal;
