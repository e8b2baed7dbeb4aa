package io.ferry.xapisim.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the model into xapi's wire records: every field of the class as the 8.1 SDK reads it (the field lists of
 * {@code Types.toXRecord}, see {@code xapi-record-fields.md}), with xapi's wire types: int64 as {@link Long}
 * (an untyped decimal string), floats as {@link Double}, datetimes as {@link Wire.DateTime}, sets as lists,
 * maps with string keys (int-keyed maps use {@code "0"}, {@code "1"}), references as strings with
 * {@code OpaqueRef:NULL} for none, and never a null. Call under the pool's lock.
 *
 * <p>Cost: O(fields) per record, O(VMs) for a host's {@code resident_VMs}.
 */
final class Records {

    private static final String NULL = Ids.NULL_REF;

    private final XapiPool pool;

    Records(XapiPool pool) {
        this.pool = pool;
    }

    /** @return the record of {@code o}, whatever its class */
    Map<String, Object> of(XObject o) {
        return switch (o.cls()) {
            case POOL -> pool((Model.Pool) o);
            case HOST -> host((Model.Host) o);
            case HOST_METRICS -> hostMetrics((Model.HostMetrics) o);
            case VM -> vm((Model.Vm) o);
            case VM_METRICS -> vmMetrics((Model.VmMetrics) o);
            case VM_GUEST_METRICS -> guestMetrics((Model.VmGuestMetrics) o);
            case TASK -> task((Model.Task) o);
            case SESSION -> session((Model.Session) o);
        };
    }

    // ------------------------------------------------------------------ pool

    Map<String, Object> pool(Model.Pool p) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", p.uuid());
        r.put("name_label", p.nameLabel);
        r.put("name_description", "");
        r.put("master", p.master.ref());
        r.put("default_SR", NULL);
        r.put("suspend_image_SR", NULL);
        r.put("crash_dump_SR", NULL);
        r.put("other_config", map("cpuid_feature_mask", "ffffff7f-ffffffff-ffffff7f-ffffffff",
                "memory-ratio-hvm", "0.25", "memory-ratio-pv", "0.25"));
        r.put("ha_enabled", false);
        r.put("ha_configuration", map());
        r.put("ha_statefiles", List.of());
        r.put("ha_host_failures_to_tolerate", 0L);
        r.put("ha_plan_exists_for", 0L);
        r.put("ha_allow_overcommit", false);
        r.put("ha_overcommitted", false);
        r.put("blobs", map());
        r.put("tags", List.of());
        r.put("gui_config", map());
        r.put("health_check_config", map());
        r.put("wlb_url", "");
        r.put("wlb_username", "");
        r.put("wlb_enabled", false);
        r.put("wlb_verify_cert", false);
        r.put("redo_log_enabled", false);
        r.put("redo_log_vdi", NULL);
        r.put("vswitch_controller", "");
        r.put("restrictions", map("restrict_vswitch_controller", "false", "restrict_lab", "false",
                "restrict_pool_size", "false", "restrict_pooling", "false", "restrict_xen_motion", "false",
                "restrict_wlb", "false", "restrict_rbac", "false", "restrict_pool_attached_storage", "false"));
        r.put("metadata_VDIs", List.of());
        r.put("ha_cluster_stack", "xhad");
        r.put("allowed_operations", List.of("ha_enable", "cluster_create"));
        r.put("current_operations", map());
        r.put("guest_agent_config", map());
        r.put("cpu_info", cpuInfo(p.master, true));
        r.put("policy_no_vendor_device", false);
        r.put("live_patching_disabled", false);
        r.put("igmp_snooping_enabled", false);
        r.put("uefi_certificates", "");
        return r;
    }

    // ------------------------------------------------------------------ host

    Map<String, Object> host(Model.Host h) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", h.uuid());
        r.put("name_label", h.nameLabel);
        r.put("name_description", "Default install");
        r.put("memory_overhead", h.memoryOverhead);
        r.put("allowed_operations", h.live
                ? List.of("vm_migrate", "provision", "vm_resume", "evacuate", "vm_start", "reboot", "shutdown")
                : List.of("power_on"));
        r.put("current_operations", map());
        r.put("API_version_major", XapiApi.API_VERSION_MAJOR);
        r.put("API_version_minor", XapiApi.API_VERSION_MINOR);
        r.put("API_version_vendor", "XenSource");
        r.put("API_version_vendor_implementation", map());
        r.put("enabled", true);
        r.put("software_version", map("product_version", "8.1.0", "product_version_text", "8.1",
                "product_version_text_short", "8.1", "platform_name", "XCP", "platform_version", "3.1.0",
                "product_brand", "Citrix Hypervisor", "build_number", "release/quebec/master/58", "hostname",
                h.hostname, "date", "2019-12-04", "dbv", "0.0.1", "xapi", "1.20", "xen", "4.13.0-8.0.6",
                "linux", "4.19.0+1", "xencenter_min", "2.13", "xencenter_max", "2.14", "network_backend",
                "openvswitch", "db_schema", "5.602", "simulator", "Ferry xapi-simulator"));
        r.put("other_config", map("agent_start_time", epochSeconds(pool.epoch()), "boot_time",
                epochSeconds(pool.epoch().minusSeconds(86_400)), "iscsi_iqn", h.iscsiIqn));
        r.put("capabilities", List.of("xen-3.0-x86_64", "xen-3.0-x86_32p", "hvm-3.0-x86_32", "hvm-3.0-x86_32p",
                "hvm-3.0-x86_64", ""));
        r.put("cpu_configuration", map());
        r.put("sched_policy", "credit");
        r.put("supported_bootloaders", List.of("pygrub", "eliloader"));
        List<String> resident = new ArrayList<>();
        for (Model.Vm vm : pool.residentVms(h)) {
            resident.add(vm.ref());
        }
        r.put("resident_VMs", resident);
        r.put("logging", map());
        r.put("PIFs", List.of());
        r.put("suspend_image_sr", NULL);
        r.put("crash_dump_sr", NULL);
        r.put("crashdumps", List.of());
        r.put("patches", List.of());
        r.put("updates", List.of());
        r.put("PBDs", List.of());
        r.put("host_CPUs", List.of());
        r.put("cpu_info", cpuInfo(h, false));
        r.put("hostname", h.hostname);
        r.put("address", h.address);
        r.put("metrics", h.metrics.ref());
        r.put("license_params", map("sku_type", "free", "restrict_xen_motion", "false", "expiry",
                "30000101T00:00:00Z"));
        r.put("ha_statefiles", List.of());
        r.put("ha_network_peers", List.of());
        r.put("blobs", map());
        r.put("tags", List.of());
        r.put("external_auth_type", "");
        r.put("external_auth_service_name", "");
        r.put("external_auth_configuration", map());
        r.put("edition", "xenserver-standard");
        r.put("license_server", map("address", "localhost", "port", "27000"));
        r.put("bios_strings", map("bios-vendor", "Ferry", "bios-version", "0.1", "system-manufacturer", "Ferry",
                "system-product-name", "Simulated host", "system-version", "", "system-serial-number", h.uuid()));
        r.put("power_on_mode", "");
        r.put("power_on_config", map());
        r.put("local_cache_sr", NULL);
        r.put("chipset_info", map("iommu", "true"));
        r.put("PCIs", List.of());
        r.put("PGPUs", List.of());
        r.put("PUSBs", List.of());
        r.put("ssl_legacy", false);
        r.put("guest_VCPUs_params", map());
        r.put("display", "enabled");
        r.put("virtual_hardware_platform_versions", List.of(0L, 1L, 2L));
        r.put("control_domain", h.controlDomain.ref());
        r.put("updates_requiring_reboot", List.of());
        r.put("features", List.of());
        r.put("iscsi_iqn", h.iscsiIqn);
        r.put("multipathing", false);
        r.put("uefi_certificates", "");
        return r;
    }

    private Map<String, Object> cpuInfo(Model.Host h, boolean pool) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_count", Integer.toString(pool ? h.cpus * this.pool.hosts().size() : h.cpus));
        m.put("socket_count", Integer.toString(pool ? 2 * this.pool.hosts().size() : 2));
        m.put("vendor", "GenuineIntel");
        if (!pool) {
            m.put("speed", "2600.068");
            m.put("modelname", "Intel(R) Xeon(R) CPU E5-2650 v2 @ 2.60GHz");
            m.put("family", "6");
            m.put("model", "62");
            m.put("stepping", "4");
            m.put("flags", "fpu de tsc msr pae mce cx8 apic sep mca cmov pat clflush acpi mmx fxsr sse sse2 ht "
                    + "syscall nx lm constant_tsc rep_good nopl nonstop_tsc pni pclmulqdq monitor est ssse3 cx16 "
                    + "sse4_1 sse4_2 popcnt aes f16c rdrand hypervisor lahf_lm ida arat epb pln pts dtherm");
        }
        m.put("features_pv", "17cbfbff-f7ba2223-2c100800-00000001-00000000-00000281-00000000-00000000-00001000");
        m.put("features_hvm", "17cbfbff-f7ba2223-2c100800-00000001-00000000-00000281-00000000-00000000-00001000");
        return m;
    }

    Map<String, Object> hostMetrics(Model.HostMetrics m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", m.uuid());
        r.put("memory_total", m.host.memoryTotal);
        r.put("memory_free", pool.metricsFreeMemory(m.host));
        r.put("live", m.host.live);
        r.put("last_updated", date(m.lastUpdated));
        r.put("other_config", map());
        return r;
    }

    // ------------------------------------------------------------------ VM

    Map<String, Object> vm(Model.Vm vm) {
        boolean dom0 = vm.kind == Model.VmKind.CONTROL_DOMAIN;
        boolean template = vm.kind == Model.VmKind.TEMPLATE;
        boolean running = vm.running();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", vm.uuid());
        r.put("allowed_operations", allowedOperations(vm));
        r.put("current_operations", new LinkedHashMap<String, Object>(vm.currentOperations));
        r.put("power_state", vm.powerState.wire);
        r.put("name_label", vm.nameLabel);
        r.put("name_description", vm.nameDescription);
        r.put("user_version", 1L);
        r.put("is_a_template", template);
        r.put("is_default_template", template);
        r.put("suspend_VDI", NULL);
        r.put("resident_on", vm.residentOn == null ? NULL : vm.residentOn.ref());
        r.put("affinity", dom0 ? vm.residentOn.ref() : NULL);
        r.put("memory_overhead", vm.memoryOverhead);
        r.put("memory_target", vm.memoryTarget());
        r.put("memory_static_max", vm.memoryStaticMax);
        r.put("memory_dynamic_max", vm.memoryDynamicMax);
        r.put("memory_dynamic_min", vm.memoryDynamicMin);
        r.put("memory_static_min", vm.memoryStaticMin);
        r.put("VCPUs_params", map());
        r.put("VCPUs_max", (long) vm.vcpus);
        r.put("VCPUs_at_startup", (long) vm.vcpus);
        r.put("actions_after_shutdown", "destroy");
        r.put("actions_after_reboot", "restart");
        r.put("actions_after_crash", dom0 ? "destroy" : "restart");
        r.put("consoles", List.of());
        r.put("VIFs", List.of());
        r.put("VBDs", List.of());
        r.put("VUSBs", List.of());
        r.put("crash_dumps", List.of());
        r.put("VTPMs", List.of());
        r.put("PV_bootloader", "");
        r.put("PV_kernel", "");
        r.put("PV_ramdisk", "");
        r.put("PV_args", "");
        r.put("PV_bootloader_args", "");
        r.put("PV_legacy_args", "");
        r.put("HVM_boot_policy", dom0 ? "" : "BIOS order");
        r.put("HVM_boot_params", dom0 ? map() : map("order", "cd", "firmware", "bios"));
        r.put("HVM_shadow_multiplier", 1.0);
        r.put("platform", dom0 ? map() : map("timeoffset", "0", "device-model", "qemu-upstream-compat", "videoram",
                "8", "hpet", "true", "secureboot", "false", "apic", "true", "viridian", "false", "nx", "true",
                "acpi", "1", "pae", "true", "vga", "std", "cores-per-socket", Integer.toString(vm.vcpus)));
        r.put("PCI_bus", "");
        r.put("other_config", vmOtherConfig(vm));
        r.put("domid", vm.domid);
        r.put("domarch", running ? "x64" : "");
        r.put("last_boot_CPU_flags", running ? map("vendor", "GenuineIntel", "features",
                "17cbfbff-f7ba2223-2c100800-00000001-00000000-00000281-00000000-00000000-00001000") : map());
        r.put("is_control_domain", dom0);
        r.put("metrics", vm.metrics.ref());
        r.put("guest_metrics", vm.guestMetrics == null ? NULL : vm.guestMetrics.ref());
        r.put("last_booted_record", "");
        r.put("recommendations", template ? "<restrictions><restriction field=\"memory-static-max\" "
                + "max=\"1649267441664\"/><restriction field=\"vcpus-max\" max=\"32\"/><restriction "
                + "property=\"number-of-vbds\" max=\"255\"/><restriction property=\"number-of-vifs\" max=\"7\"/>"
                + "<restriction field=\"has-vendor-device\" value=\"false\"/></restrictions>" : "");
        r.put("xenstore_data", running && !dom0 ? map("vm-data", "", "vm-data/mmio-hole-size", "268435456") : map());
        r.put("ha_always_run", false);
        r.put("ha_restart_priority", "");
        r.put("is_a_snapshot", false);
        r.put("snapshot_of", NULL);
        r.put("snapshots", List.of());
        r.put("snapshot_time", Wire.DateTime.EPOCH);
        r.put("transportable_snapshot_id", "");
        r.put("blobs", map());
        r.put("tags", List.of());
        r.put("blocked_operations", map());
        r.put("snapshot_info", map());
        r.put("snapshot_metadata", "");
        r.put("parent", NULL);
        r.put("children", List.of());
        r.put("bios_strings", dom0 || template ? map() : map("bios-vendor", "Xen", "bios-version", "",
                "system-manufacturer", "Xen", "system-product-name", "HVM domU", "system-version", "",
                "system-serial-number", "", "baseboard-manufacturer", "", "baseboard-product-name", "",
                "baseboard-version", "", "baseboard-serial-number", "", "baseboard-asset-tag", "",
                "baseboard-location-in-chassis", "", "enclosure-asset-tag", "", "hp-rombios", "", "oem-1", "Xen",
                "oem-2", "MS_VM_CERT/SHA1/bdbeb6e0a816d43fa6d3fe8aaef04c2bad9d3e3d"));
        r.put("protection_policy", NULL);
        r.put("is_snapshot_from_vmpp", false);
        r.put("snapshot_schedule", NULL);
        r.put("is_vmss_snapshot", false);
        r.put("appliance", NULL);
        r.put("start_delay", 0L);
        r.put("shutdown_delay", 0L);
        r.put("order", 0L);
        r.put("VGPUs", List.of());
        r.put("attached_PCIs", List.of());
        r.put("suspend_SR", NULL);
        r.put("version", 0L);
        r.put("generation_id", running && !dom0 ? "0:0" : "");
        r.put("hardware_platform_version", 0L);
        r.put("has_vendor_device", false);
        r.put("requires_reboot", false);
        r.put("reference_label", vm.referenceLabel);
        r.put("domain_type", dom0 ? "pv" : "hvm");
        r.put("NVRAM", map());
        return r;
    }

    private static List<String> allowedOperations(Model.Vm vm) {
        if (!vm.currentOperations.isEmpty()) {
            return List.of();
        }
        return switch (vm.kind) {
            case CONTROL_DOMAIN -> List.of("changing_dynamic_range", "metadata_export", "data_source_op");
            case TEMPLATE -> List.of("clone", "copy", "export", "provision", "destroy", "metadata_export");
            case GUEST -> vm.running()
                    ? List.of("changing_dynamic_range", "migrate_send", "pool_migrate", "changing_VCPUs_live",
                            "suspend", "hard_reboot", "clean_reboot", "hard_shutdown", "clean_shutdown", "pause",
                            "checkpoint", "snapshot", "metadata_export", "data_source_op")
                    : List.of("changing_static_range", "changing_dynamic_range", "changing_shadow_memory",
                            "changing_VCPUs", "make_into_template", "migrate_send", "destroy", "provision",
                            "export", "start_on", "start", "clone", "copy", "snapshot", "metadata_export");
        };
    }

    private static Map<String, Object> vmOtherConfig(Model.Vm vm) {
        return switch (vm.kind) {
            case CONTROL_DOMAIN -> map("storage_driver_domain", vm.ref(), "is_system_domain", "true",
                    "perfmon", "<config><variable><name value=\"fs_usage\"/><alarm_trigger_level value=\"0.9\"/>"
                            + "<alarm_trigger_period value=\"60\"/><alarm_auto_inhibit_period value=\"3600\"/>"
                            + "</variable></config>");
            case TEMPLATE -> map("default_template", "true", "linux_template", "true", "install-methods",
                    "cdrom,nfs,http,ftp", "install-distro", "debianlike", "install-arch", "amd64",
                    "disks", "<provision><disk device=\"0\" size=\"10737418240\" sr=\"\" bootable=\"true\" "
                            + "type=\"system\"/></provision>");
            case GUEST -> map("base_template_name", "Debian Buster 10", "linux_template", "true",
                    "install-methods", "cdrom,nfs,http,ftp", "mac_seed", vm.macSeed, "import_task", NULL);
        };
    }

    Map<String, Object> vmMetrics(Model.VmMetrics m) {
        Model.Vm vm = m.vm;
        boolean running = vm.running();
        Map<String, Object> utilisation = new LinkedHashMap<>();
        Map<String, Object> cpus = new LinkedHashMap<>();
        Map<String, Object> flags = new LinkedHashMap<>();
        if (running) {
            for (int c = 0; c < vm.vcpus; c++) {
                // frozen at 0 since XenServer 6.1 ("Disabled in favour of RRDs")
                utilisation.put(Integer.toString(c), 0.0);
                cpus.put(Integer.toString(c), Long.toString((c * 3L + vm.domid) % vm.residentOn.cpus));
                flags.put(Integer.toString(c), List.of("online", "running"));
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", m.uuid());
        r.put("memory_actual", vm.memoryTarget());
        r.put("VCPUs_number", running ? (long) vm.vcpus : 0L);
        r.put("VCPUs_utilisation", utilisation);
        r.put("VCPUs_CPU", cpus);
        r.put("VCPUs_params", map());
        r.put("VCPUs_flags", flags);
        r.put("state", running ? List.of("running") : List.of());
        r.put("start_time", date(m.startTime));
        r.put("install_time", date(m.installTime));
        r.put("last_updated", date(m.lastUpdated));
        r.put("other_config", map());
        r.put("hvm", vm.kind != Model.VmKind.CONTROL_DOMAIN && running);
        r.put("nested_virt", false);
        r.put("nomigrate", false);
        r.put("current_domain_type", running ? (vm.kind == Model.VmKind.CONTROL_DOMAIN ? "pv" : "hvm")
                : "unspecified");
        return r;
    }

    Map<String, Object> guestMetrics(Model.VmGuestMetrics g) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", g.uuid());
        r.put("os_version", map("name", "Debian GNU/Linux 10 (buster)", "uname", "4.19.0-6-amd64", "distro",
                "debian", "major", "10", "minor", "2"));
        r.put("PV_drivers_version", map("major", "7", "minor", "20", "micro", "0", "build", "9"));
        r.put("PV_drivers_up_to_date", true);
        r.put("memory", map());
        r.put("disks", map());
        r.put("networks", map("0/ip", g.ip, "0/ipv4/0", g.ip));
        r.put("other", map("feature-suspend", "1", "feature-poweroff", "1", "feature-reboot", "1",
                "feature-vcpu-hotplug", "1", "feature-balloon", "1", "has-vendor-device", "0",
                "platform-feature-multiprocessor-suspend", "1"));
        r.put("last_updated", date(g.lastUpdated));
        r.put("other_config", map());
        r.put("live", g.vm.running());
        r.put("can_use_hotplug_vbd", "yes");
        r.put("can_use_hotplug_vif", "yes");
        r.put("PV_drivers_detected", true);
        return r;
    }

    // ------------------------------------------------------------------ task, session

    Map<String, Object> task(Model.Task t) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", t.uuid());
        r.put("name_label", t.nameLabel);
        r.put("name_description", t.nameDescription);
        List<String> allowed = new ArrayList<>();
        if (t.status == Model.TaskStatus.PENDING && t.cancellable) {
            allowed.add("cancel");
        }
        r.put("allowed_operations", allowed);
        r.put("current_operations", new LinkedHashMap<String, Object>(t.currentOperations));
        r.put("created", date(t.created));
        r.put("finished", date(t.finished));
        r.put("status", t.status.wire);
        r.put("resident_on", t.residentOn.ref());
        r.put("progress", t.progress);
        r.put("type", "<none/>");
        r.put("result", t.result);
        r.put("error_info", t.errorInfo);
        r.put("other_config", map());
        r.put("subtask_of", NULL);
        r.put("subtasks", List.of());
        r.put("backtrace", "()");
        return r;
    }

    Map<String, Object> session(Model.Session s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uuid", s.uuid());
        r.put("this_host", s.thisHost.ref());
        r.put("this_user", NULL);
        r.put("last_active", date(s.lastActive));
        r.put("pool", false);
        r.put("other_config", map());
        r.put("is_local_superuser", true);
        r.put("subject", NULL);
        r.put("validation_time", date(s.validationTime));
        r.put("auth_user_sid", "");
        r.put("auth_user_name", s.user);
        r.put("rbac_permissions", List.of());
        List<String> tasks = new ArrayList<>();
        for (XObject o : pool.db().all(XClass.TASK)) {
            if (((Model.Task) o).session.equals(s.ref())) {
                tasks.add(o.ref());
            }
        }
        r.put("tasks", tasks);
        r.put("parent", NULL);
        r.put("originator", s.originator);
        return r;
    }

    // ------------------------------------------------------------------ helpers

    static Wire.DateTime date(Instant instant) {
        return new Wire.DateTime(instant);
    }

    private static String epochSeconds(Instant instant) {
        return instant.getEpochSecond() + ".";
    }

    /** @return an insertion-ordered map of string pairs */
    static Map<String, Object> map(String... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
