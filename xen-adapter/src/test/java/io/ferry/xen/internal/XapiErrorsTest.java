package io.ferry.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.Types;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

class XapiErrorsTest {

    @Test
    void ofWhenTheSdkThrowsATypedExceptionThenTheCodeFromItsClassAndTheParametersFromItsFields() {
        XapiException x = XapiErrors.of(new Types.HostNotEnoughFreeMemory("4294967296", "1073741824"));

        assertThat(x.code()).isEqualTo("HOST_NOT_ENOUGH_FREE_MEMORY");
        assertThat(x.params()).containsExactly("4294967296", "1073741824");
        assertThat(x.meaning()).isEqualTo("the target host lacks 3221225472 bytes (the VM needs 4294967296, the host "
                + "has 1073741824 free)");
        assertThat(x.transport()).isFalse();
    }

    @Test
    void ofWhenTheCodeIsUnknownToTheSdkThenVerbatim() throws Exception {
        // SDK 8.1 has no class for VM_NON_SUSPENDABLE: it arrives as a generic XenAPIException
        java.lang.reflect.Constructor<Types.XenAPIException> c = Types.XenAPIException.class
                .getDeclaredConstructor(String[].class);
        c.setAccessible(true);
        XapiException known = XapiErrors.of(c.newInstance((Object) new String[] {"VM_NON_SUSPENDABLE", "ref",
                "no PV drivers"}));
        XapiException unknown = XapiErrors.of(c.newInstance((Object) new String[] {"FROBNICATION_FAILED", "x"}));

        assertThat(known.meaning()).isEqualTo("the guest cannot be suspended, so it cannot migrate live: no PV drivers");
        assertThat(unknown.code()).isEqualTo("FROBNICATION_FAILED");
        assertThat(unknown.meaning()).isEqualTo("XAPI error FROBNICATION_FAILED [x]");
    }

    @Test
    void codeOfTurnsTheSdkClassNameIntoXapisCode() {
        assertThat(XapiErrors.codeOf(Types.VmBadPowerState.class)).isEqualTo("VM_BAD_POWER_STATE");
        assertThat(XapiErrors.codeOf(Types.OtherOperationInProgress.class)).isEqualTo("OTHER_OPERATION_IN_PROGRESS");
        assertThat(XapiErrors.codeOf(Types.SessionInvalid.class)).isEqualTo("SESSION_INVALID");
        assertThat(XapiErrors.codeOf(Types.HostIsSlave.class)).isEqualTo("HOST_IS_SLAVE");
        assertThat(XapiErrors.codeOf(Types.VmMigrateFailed.class)).isEqualTo("VM_MIGRATE_FAILED");
    }

    @Test
    void ofErrorInfoWhenATaskFailedThenItsCodeAndMeaning() {
        assertThat(XapiErrors.ofErrorInfo(List.of("VM_MIGRATE_FAILED", "OpaqueRef:v", "s", "d", "stream closed"))
                .getMessage()).isEqualTo("VM_MIGRATE_FAILED: XAPI aborted the migration: stream closed; the VM stays "
                + "on its source");
        assertThat(XapiErrors.ofErrorInfo(List.of("VM_BAD_POWER_STATE", "OpaqueRef:v", "running", "halted"))
                .meaning()).isEqualTo("the VM is halted, not running (VM_BAD_POWER_STATE)");
        assertThat(XapiErrors.ofErrorInfo(List.of("OTHER_OPERATION_IN_PROGRESS", "VM", "OpaqueRef:v",
                "pool_migrate", "OpaqueRef:t")).meaning()).contains("another operation (pool_migrate)");
        assertThat(XapiErrors.ofErrorInfo(List.of("HOST_OFFLINE", "OpaqueRef:h")).meaning())
                .isEqualTo("host OpaqueRef:h is offline");
        assertThat(XapiErrors.ofErrorInfo(List.of("TASK_CANCELLED", "OpaqueRef:t")).meaning())
                .contains("the VM stays on its source");
        assertThat(XapiErrors.ofErrorInfo(List.of()).code()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void ofWhenTheTransportFailsThenUnreachableOrReplyLost() {
        XapiException refused = XapiErrors.of(new XmlRpcException("Failed to read", new ConnectException(
                "Connection refused")));
        XapiException connectTimeout = XapiErrors.of(new SocketTimeoutException("connect timed out"));
        XapiException readTimeout = XapiErrors.of(new XmlRpcException("x", new SocketTimeoutException(
                "Read timed out")));
        XapiException reset = XapiErrors.of(new XmlRpcException("x", new SocketException("Unexpected end of file "
                + "from server")));
        XapiException tls = XapiErrors.of(new XmlRpcException("x", new SSLHandshakeException("PKIX path building "
                + "failed")));
        XapiException hostile = XapiErrors.of(new XmlRpcException("x", new IOException("… <base64> … CVE-2019-17570")));

        assertThat(refused.code()).isEqualTo(XapiException.UNREACHABLE);
        assertThat(connectTimeout.code()).isEqualTo(XapiException.UNREACHABLE);
        assertThat(readTimeout.code()).isEqualTo(XapiException.REPLY_LOST);
        assertThat(reset.code()).isEqualTo(XapiException.REPLY_LOST);
        assertThat(tls.code()).isEqualTo(XapiException.UNREACHABLE);
        assertThat(tls.meaning()).contains("TLS handshake failed").contains("certificateFingerprint");
        assertThat(hostile.code()).isEqualTo(XapiException.PROTOCOL);
        assertThat(List.of(refused, readTimeout, reset, tls, hostile)).allMatch(XapiException::transport);
    }

    @Test
    void toHypervisorKeepsTheCodeAndSaysWhatWasBeingDone() {
        XapiException x = XapiErrors.ofErrorInfo(List.of("HOST_OFFLINE", "OpaqueRef:h"));

        assertThat(x.toHypervisor("migrating vm-1").code()).isEqualTo("HOST_OFFLINE");
        assertThat(x.toHypervisor("migrating vm-1").getMessage())
                .isEqualTo("HOST_OFFLINE: migrating vm-1: host OpaqueRef:h is offline");
    }
}
