package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;

class BundleClassesTest {

    /** Records which classes were asked for, and fails for one that cannot be defined. */
    private static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        RecordingLoader() {
            super(BundleClassesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            if (name.startsWith("org.apache.commons.math3.")) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void loadAllWhenBoundThenAsksForEveryClassOfTheBundleAndSkipsWhatCannotBeDefined() {
        RecordingLoader loader = new RecordingLoader();
        BundleWiring wiring = mock(BundleWiring.class);
        when(wiring.getClassLoader()).thenReturn(loader);
        when(wiring.listResources(eq("/"), eq("*.class"), anyInt())).thenReturn(List.of(
                "io/ferry/controller/internal/BundleClassesTest.class",
                "io/ferry/controller/internal/BundleClassesTest$RecordingLoader.class",
                "org/apache/commons/math3/ml/clustering/DoublePoint.class",
                "META-INF/versions/11/io/ferry/Later.class", "module-info.class"));
        Bundle bundle = mock(Bundle.class);
        when(bundle.adapt(BundleWiring.class)).thenReturn(wiring);
        when(bundle.getSymbolicName()).thenReturn("io.ferry.policy-hybrid");
        when(bundle.getVersion()).thenReturn(Version.emptyVersion);

        assertThat(BundleClasses.loadAll(bundle)).isEqualTo(2);
        assertThat(loader.asked).containsExactly("io.ferry.controller.internal.BundleClassesTest",
                "io.ferry.controller.internal.BundleClassesTest$RecordingLoader",
                "org.apache.commons.math3.ml.clustering.DoublePoint");
    }

    @Test
    void loadAllWhenTheBundleIsNotResolvedThenDoesNothing() {
        Bundle bundle = mock(Bundle.class);
        assertThat(BundleClasses.loadAll(bundle)).isZero();
        assertThat(BundleClasses.loadAll(null)).isZero();
    }

    @Test
    void classNameOfAnEntry() {
        assertThat(BundleClasses.className("/a/b/C$D.class")).isEqualTo("a.b.C$D");
        assertThat(BundleClasses.className("a/B.class")).isEqualTo("a.B");
        assertThat(BundleClasses.className("module-info.class")).isNull();
        assertThat(BundleClasses.className("META-INF/versions/9/a/B.class")).isNull();
        assertThat(BundleClasses.className("a/b.txt")).isNull();
    }
}
