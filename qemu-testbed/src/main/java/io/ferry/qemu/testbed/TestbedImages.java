package io.ferry.qemu.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link TestbedSetup} built: the private QEMU (binary, libraries, firmware, modules), the guest kernel and
 * initramfs, their package versions, and how long the setup took (near zero when everything was cached).
 *
 * @param cacheDir      the cache directory
 * @param qemuBinary    qemu-system-x86_64 unpacked from bookworm-backports
 * @param libraryPath   LD_LIBRARY_PATH for it
 * @param dataDirs      its firmware directories (-L)
 * @param moduleDir     QEMU_MODULE_DIR for it
 * @param qemuVersion   what {@code qemu-system-x86_64 --version} printed
 * @param kernel        the uncompressed vmlinux (PVH boot)
 * @param kernelPackage the Debian kernel package and version
 * @param initramfs     busybox-static and the workload, {@code cpio -H newc | gzip}
 * @param setupTime     how long {@link TestbedSetup#ensure} took
 */
public record TestbedImages(Path cacheDir, Path qemuBinary, String libraryPath, List<Path> dataDirs, Path moduleDir,
        String qemuVersion, Path kernel, String kernelPackage, Path initramfs, Duration setupTime) {

    public TestbedImages {
        dataDirs = List.copyOf(dataDirs);
    }

    /**
     * @return the properties of a QEMU pool ({@code io.ferry.qemu}) that runs these images; callers add or
     *         override the pool's name, hosts, work directory, cap and timeouts
     */
    public Map<String, Object> poolProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("qemuBinary", qemuBinary.toString());
        p.put("qemuLibraryPath", libraryPath);
        p.put("qemuDataDirs", dataDirs.stream().map(Path::toString).collect(Collectors.joining(",")));
        p.put("qemuModuleDir", moduleDir.toString());
        p.put("kernel", kernel.toString());
        p.put("initramfs", initramfs.toString());
        return p;
    }
}
