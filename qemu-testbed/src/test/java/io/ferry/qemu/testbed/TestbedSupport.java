package io.ferry.qemu.testbed;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The rule for real-migration tests on a machine that cannot run the testbed: under {@code CI=true} the test
 * fails with the reason; elsewhere it is skipped with one line saying why. {@code -Dferry.testbed=skip} skips on
 * purpose (a developer's convenience), and is itself a failure under {@code CI=true}.
 */
final class TestbedSupport {

    private static final String SKIP_PROPERTY = "ferry.testbed";

    private TestbedSupport() {
    }

    /**
     * @return the images, or null after printing the one skip line (the caller then aborts each test with
     *         {@link #skipReason()}); fails under {@code CI=true} instead of skipping
     */
    static TestbedImages imagesOrSkip() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if ("skip".equalsIgnoreCase(System.getProperty(SKIP_PROPERTY))) {
            if (ci) {
                fail("CI=true: the real-migration tests cannot be skipped with -D" + SKIP_PROPERTY + "=skip");
            }
            return skip("-D" + SKIP_PROPERTY + "=skip");
        }
        try {
            TestbedImages images = TestbedSetup.ensure();
            System.out.printf("ferry-testbed: %s, kernel %s, setup %d ms (cache %s)%n", images.qemuVersion(),
                    images.kernelPackage(), images.setupTime().toMillis(), images.cacheDir());
            return images;
        } catch (TestbedUnavailableException e) {
            if (ci) {
                fail("CI=true and the QEMU testbed could not be set up: " + e.getMessage(), e);
            }
            return skip(e.getMessage());
        }
    }

    private static String reason;

    private static TestbedImages skip(String why) {
        reason = "ferry-testbed: real-migration tests skipped: " + why;
        System.err.println(reason);
        return null;
    }

    /** Aborts the calling test when the testbed was skipped. */
    static void abortIfSkipped() {
        Assumptions.assumeTrue(reason == null, () -> reason);
    }
}
