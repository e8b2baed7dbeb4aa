package io.ferry.xapisim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec against the examples of {@code xapi.md} and what the Apache client sends. */
class XmlRpcCodecTest {

    private static XmlRpcReader.MethodCall read(String xml) throws Exception {
        return XmlRpcReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readWhenTheReferenceExampleWithWhitespaceThenMethodAndTypedParams() throws Exception {
        XmlRpcReader.MethodCall call = read("<methodCall><methodName>VM.pool_migrate</methodName><params>\n"
                + " <param><value>OpaqueRef:e880</value></param><param><value>OpaqueRef:1855</value></param>\n"
                + " <param><value>OpaqueRef:bde6</value></param>\n"
                + " <param><value><struct><member><name>live</name><value>true</value></member></struct></value>"
                + "</param></params></methodCall>");

        assertThat(call.methodName()).isEqualTo("VM.pool_migrate");
        assertThat(call.params()).containsExactly("OpaqueRef:e880", "OpaqueRef:1855", "OpaqueRef:bde6",
                Map.of("live", "true"));
    }

    @Test
    void readWhenEveryWireTypeThenJavaValues() throws Exception {
        XmlRpcReader.MethodCall call = read("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall>"
                + "<methodName>m</methodName><params>"
                + "<param><value></value></param>"
                + "<param><value><string>s &amp; t</string></value></param>"
                + "<param><value><i4>7</i4></value></param>"
                + "<param><value><i8>4294967296</i8></value></param>"
                + "<param><value><boolean>1</boolean></value></param>"
                + "<param><value><double>5.0</double></value></param>"
                + "<param><value><struct/></value></param>"
                + "<param><value><array><data><value>a</value><value><boolean>0</boolean></value></data></array>"
                + "</value></param>"
                + "<param><value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value></param>"
                + "<param><value><nil/></value></param>"
                + "</params></methodCall>");

        assertThat(call.params()).containsExactly("", "s & t", 7, 4294967296L, true, 5.0, Map.of(),
                List.of("a", false), new XmlRpcReader.RawDate("20250319T04:16:24Z"), Wire.Nil.NIL);
    }

    @Test
    void readWhenADoctypeIsPresentThenRefused() {
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName><params/></methodCall>"))
                .isInstanceOf(XmlRpcReader.MalformedException.class);
    }

    @Test
    void readWhenNotXmlRpcThenMalformed() {
        assertThatThrownBy(() -> read("<methodCall><params/></methodCall>"))
                .isInstanceOf(XmlRpcReader.MalformedException.class);
        assertThatThrownBy(() -> read("<methodCall><methodName>m</methodName><params><param><value><bogus/>"
                + "</value></param></params></methodCall>")).isInstanceOf(XmlRpcReader.MalformedException.class);
    }

    @Test
    void successWhenARefThenTheReferenceEnvelopeExactly() {
        assertThat(XmlRpcWriter.success("OpaqueRef:f987")).isEqualTo("<?xml version=\"1.0\"?><methodResponse><params>"
                + "<param><value><struct><member><name>Status</name><value>Success</value></member>"
                + "<member><name>Value</name><value>OpaqueRef:f987</value></member></struct></value></param>"
                + "</params></methodResponse>");
    }

    @Test
    void failureWhenBadPowerStateThenTheReferenceEnvelopeExactly() {
        assertThat(XmlRpcWriter.failure(List.of("VM_BAD_POWER_STATE", "OpaqueRef:1c0f", "running", "halted")))
                .isEqualTo("<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>"
                        + "<member><name>Status</name><value>Failure</value></member>"
                        + "<member><name>ErrorDescription</name><value><array><data><value>VM_BAD_POWER_STATE</value>"
                        + "<value>OpaqueRef:1c0f</value><value>running</value><value>halted</value></data></array>"
                        + "</value></member></struct></value></param></params></methodResponse>");
    }

    @Test
    void valueWhenEveryXapiTypeThenOcamlRpcsNonStrictPrinter() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("int", 4294967296L);
        m.put("float", 0.1);
        m.put("bool", true);
        m.put("date", new Wire.DateTime(Instant.parse("2025-03-19T04:16:24Z")));
        m.put("never", Wire.DateTime.EPOCH);
        m.put("set", List.of());
        m.put("map", Map.of());
        m.put("empty", "");
        m.put("escaped", "<a & \"b\">\u0001");
        m.put("count", new Wire.Int32(3));
        assertThat(XmlRpcWriter.value(m)).isEqualTo("<value><struct>"
                + "<member><name>int</name><value>4294967296</value></member>"
                + "<member><name>float</name><value><double>0.1</double></value></member>"
                + "<member><name>bool</name><value><boolean>1</boolean></value></member>"
                + "<member><name>date</name><value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value>"
                + "</member>"
                + "<member><name>never</name><value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601>"
                + "</value></member>"
                + "<member><name>set</name><value><array><data></data></array></value></member>"
                + "<member><name>map</name><value><struct></struct></value></member>"
                + "<member><name>empty</name><value></value></member>"
                + "<member><name>escaped</name><value>&lt;a &amp; &quot;b&quot;&gt;</value></member>"
                + "<member><name>count</name><value><i4>3</i4></value></member>"
                + "</struct></value>");
    }

    @Test
    void valueWhenNullOrAnIntThenRefusedRatherThanNilOrI4() {
        assertThatThrownBy(() -> XmlRpcWriter.value(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlRpcWriter.value(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
