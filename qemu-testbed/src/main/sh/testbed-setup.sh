#!/usr/bin/env bash
# Ferry QEMU testbed setup: builds everything a real live migration under QEMU/TCG needs, into one cache
# directory, without installing anything on the system.
#
#   testbed-setup.sh CACHE_DIR WORKLOAD_SOURCE.c
#
# 1. A private apt configuration (bookworm + bookworm-backports, the machine's own Debian mirror, the
#    system's dpkg status read but never written) resolves qemu-system-x86 >= 9 from bookworm-backports and
#    the libraries and firmware this machine lacks ("apt-get -s install"), downloads them ("apt-get download")
#    and unpacks them with "dpkg -x" into CACHE_DIR/root. QEMU 7.2 from bookworm corrupts guests after a
#    pre-copy migration under TCG, so an older QEMU is refused.
# 2. The Debian kernel (linux-image-amd64 of bookworm): only its bzImage is unpacked, and the uncompressed
#    ELF vmlinux is extracted from its xz payload, so QEMU boots it through PVH (3-7 s under TCG instead of
#    16-17 s for the bzImage).
# 3. busybox-static, the workload compiled with the machine's "gcc -O2 -static", and cpio (the system's, or
#    a private one) pack the initramfs: "cpio -H newc | gzip".
#
# Every stage is idempotent and cached: a stage runs again only when its stamp (versions, source hash,
# this script's version) differs. Concurrent runs are serialised with flock. The result is described in
# CACHE_DIR/testbed.properties (read by io.ferry.qemu.testbed.TestbedSetup). Progress goes to stderr; on
# failure the last line is "ferry-testbed: error: <one line>" and the exit status is 1.
#
# Environment: FERRY_TESTBED_MIRROR overrides the Debian mirror (default: the first bookworm mirror of the
# system's own apt sources). Requires apt-get, dpkg-deb, gcc with a static libc, xz, gzip and GNU grep.
set -euo pipefail

SCRIPT_VERSION=3
QEMU_MIN_MAJOR=9

log() { echo "ferry-testbed: $*" >&2; }
die() { echo "ferry-testbed: error: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: testbed-setup.sh CACHE_DIR WORKLOAD_SOURCE.c"
CACHE=$1
WORKLOAD_SRC=$2
[ -r "$WORKLOAD_SRC" ] || die "workload source $WORKLOAD_SRC is not readable"
mkdir -p "$CACHE" || die "cannot create the cache directory $CACHE"
CACHE=$(cd "$CACHE" && pwd)

for tool in apt-get apt-cache dpkg-deb gcc xz gzip grep sha256sum flock tar; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (the testbed needs a Debian machine with $tool)"
done

exec 9>"$CACHE/.lock"
flock 9

stamp_ok() { [ -f "$CACHE/$1.stamp" ] && [ "$(cat "$CACHE/$1.stamp")" = "$2" ]; }
stamp_set() { printf '%s' "$2" >"$CACHE/$1.stamp"; }

APT_DIR=$CACHE/apt
APT_OPTS=(
    -o "Dir::Etc::SourceList=$APT_DIR/sources.list"
    -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
    -o "Dir::Etc::Preferences=$APT_DIR/preferences"
    -o "Dir::Etc::PreferencesParts=$APT_DIR/preferences.d"
    -o "Dir::State=$APT_DIR/state"
    -o "Dir::State::status=/var/lib/dpkg/status"
    -o "Dir::Cache=$APT_DIR/cache"
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=root"
    -o "Acquire::Retries=3"
)

# The machine's own Debian mirror for bookworm, from its apt sources (one-line or deb822 format).
system_mirror() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { if ($(i+1) == "bookworm") print $i; break } }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             { uris = ""; suites = "";
               for (i = 1; i <= NF; i++) {
                 if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
                 if ($i ~ /^Suites:/) { suites = " " $i " "; sub(/^ Suites:/, " ", suites) } }
               if (suites ~ /[ \t]bookworm[ \t]/) { split(uris, u, /[ \t]+/); print u[1] } }' "$f"
    done
}

apt_update() {
    local mirror=${FERRY_TESTBED_MIRROR:-}
    if [ -z "$mirror" ]; then
        mirror=$(system_mirror | head -n 1)
    fi
    [ -n "$mirror" ] || die "no Debian bookworm mirror in /etc/apt (set FERRY_TESTBED_MIRROR to one)"
    mkdir -p "$APT_DIR/sources.list.d" "$APT_DIR/preferences.d" "$APT_DIR/state/lists/partial" \
        "$APT_DIR/cache/archives/partial"
    : >"$APT_DIR/preferences"
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -r "$keyring" ] || die "$keyring is missing (package debian-archive-keyring)"
    cat >"$APT_DIR/sources.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $mirror bookworm-backports main
EOF
    log "apt-get update (private configuration, mirror $mirror)"
    apt-get "${APT_OPTS[@]}" -q -q update >"$APT_DIR/update.log" 2>&1 \
        || die "apt-get update failed: $(grep -E '^(E|W):' "$APT_DIR/update.log" | head -n 1)"
    # apt-get update only warns when a mirror is unreachable: insist on both indexes
    local suite
    for suite in bookworm bookworm-backports; do
        ls "$APT_DIR"/state/lists/*_dists_"${suite}"_main_binary-amd64_Packages* >/dev/null 2>&1 \
            || die "no $suite package index from $mirror: $(grep -E '^(E|W):' "$APT_DIR/update.log" | head -n 1)"
    done
}

candidate() { apt-cache "${APT_OPTS[@]}" policy "$1" | awk '/Candidate:/ { print $2 }'; }

# ---- stage 1: QEMU >= 9 from bookworm-backports, plus what this machine lacks to run it -------------------
QEMU_ROOT=$CACHE/qemu
DEBS=$CACHE/debs
mkdir -p "$DEBS"
need_apt=0
for s in qemu kernel busybox; do
    [ -f "$CACHE/$s.stamp" ] || need_apt=1
done
if [ "$need_apt" = 1 ] || [ ! -f "$CACHE/apt.stamp" ] || [ "$(cat "$CACHE/apt.stamp")" != "$SCRIPT_VERSION" ]; then
    apt_update
    stamp_set apt "$SCRIPT_VERSION"
    rm -f "$CACHE/qemu.stamp" "$CACHE/kernel.stamp" "$CACHE/busybox.stamp"
fi

if [ ! -f "$CACHE/qemu.stamp" ]; then
    # What "apt-get install -t bookworm-backports qemu-system-x86" would install on this machine: exactly the
    # packages it lacks or has too old. Simulated against the system's dpkg status; nothing is installed.
    sim=$(apt-get "${APT_OPTS[@]}" -s --no-install-recommends -t bookworm-backports install qemu-system-x86 2>&1) \
        || die "cannot resolve qemu-system-x86 from bookworm-backports: $(echo "$sim" | grep -E '^(E:| )' | head -n 1)"
    pkgs=$(echo "$sim" | awk '/^Inst / { v = $3; if (v ~ /^\[/) v = $4; gsub(/[()]/, "", v); print $2 "=" v }')
    qver=$(echo "$pkgs" | awk -F= '$1 == "qemu-system-x86" { print $2 }')
    [ -n "$qver" ] || die "qemu-system-x86 would not be installed from bookworm-backports (is it installed system-wide already? apt says: $(echo "$sim" | tail -n 1))"
    major=$(echo "$qver" | sed -E 's/^[0-9]+://; s/^([0-9]+).*/\1/')
    [ "$major" -ge "$QEMU_MIN_MAJOR" ] || die "bookworm-backports offers qemu-system-x86 $qver; QEMU >= $QEMU_MIN_MAJOR is required (7.2 corrupts guests after pre-copy under TCG)"
    log "downloading $(echo "$pkgs" | wc -l) packages for QEMU $qver"
    rm -rf "$DEBS/qemu" && mkdir -p "$DEBS/qemu"
    # shellcheck disable=SC2086
    (cd "$DEBS/qemu" && apt-get "${APT_OPTS[@]}" -q -q download $pkgs) >"$APT_DIR/download-qemu.log" 2>&1 \
        || die "apt-get download failed: $(grep -E '^E:' "$APT_DIR/download-qemu.log" | head -n 1)"
    rm -rf "$QEMU_ROOT.new" && mkdir -p "$QEMU_ROOT.new"
    for deb in "$DEBS"/qemu/*.deb; do
        dpkg-deb -x "$deb" "$QEMU_ROOT.new" || die "dpkg -x $deb failed"
    done
    rm -rf "$QEMU_ROOT" && mv "$QEMU_ROOT.new" "$QEMU_ROOT"
    rm -rf "$DEBS/qemu"
    printf '%s\n' "$pkgs" >"$CACHE/qemu.packages"
    stamp_set qemu "$qver"
fi

QEMU_BIN=$QEMU_ROOT/usr/bin/qemu-system-x86_64
# The private libraries first, then the system's; modules and firmware from the private tree.
QEMU_LIBS=$QEMU_ROOT/lib/x86_64-linux-gnu:$QEMU_ROOT/usr/lib/x86_64-linux-gnu
QEMU_DATA=$QEMU_ROOT/usr/share/qemu:$QEMU_ROOT/usr/share/seabios:$QEMU_ROOT/usr/lib/ipxe/qemu
[ -x "$QEMU_BIN" ] || die "$QEMU_BIN is missing after unpacking (remove $CACHE/qemu.stamp to retry)"
missing=$(LD_LIBRARY_PATH=$QEMU_LIBS ldd "$QEMU_BIN" | awk '/not found/ { print $1 }' | tr '\n' ' ')
[ -z "$missing" ] || die "QEMU still lacks libraries: $missing"
qemu_version=$(LD_LIBRARY_PATH=$QEMU_LIBS "$QEMU_BIN" --version | head -n 1) \
    || die "$QEMU_BIN does not run"

# ---- stage 2: the Debian kernel, uncompressed for PVH boot ------------------------------------------------
KERNEL=$CACHE/vmlinux
if [ ! -f "$CACHE/kernel.stamp" ] || [ ! -f "$KERNEL" ]; then
    meta=$(candidate linux-image-amd64)
    [ -n "$meta" ] && [ "$meta" != "(none)" ] || die "linux-image-amd64 has no candidate in bookworm"
    image=$(apt-cache "${APT_OPTS[@]}" depends "linux-image-amd64=$meta" | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    [ -n "$image" ] || die "cannot tell which kernel image linux-image-amd64 $meta depends on"
    log "downloading $image (bookworm, $meta)"
    rm -rf "$DEBS/kernel" && mkdir -p "$DEBS/kernel"
    (cd "$DEBS/kernel" && apt-get "${APT_OPTS[@]}" -q -q download "$image") >"$APT_DIR/download-kernel.log" 2>&1 \
        || die "apt-get download $image failed: $(grep -E '^E:' "$APT_DIR/download-kernel.log" | head -n 1)"
    deb=$(ls "$DEBS"/kernel/*.deb)
    tmp=$CACHE/kernel.tmp
    rm -rf "$tmp" && mkdir -p "$tmp"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' \
        || die "no /boot/vmlinuz in $deb"
    bz=$(ls "$tmp"/boot/vmlinuz-*)
    # The bzImage carries the ELF vmlinux as an xz stream (as the kernel's scripts/extract-vmlinux finds it).
    found=0
    for pos in $(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$bz" | cut -d: -f1); do
        tail -c "+$((pos + 1))" "$bz" | xz -dc >"$KERNEL.tmp" 2>/dev/null || true
        if [ "$(head -c 4 "$KERNEL.tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
            found=1
            break
        fi
    done
    [ "$found" = 1 ] || die "no xz-compressed ELF vmlinux inside $(basename "$bz")"
    mv "$KERNEL.tmp" "$KERNEL"
    rm -rf "$tmp" "$DEBS/kernel"
    stamp_set kernel "$image $meta"
fi

# ---- stage 3: busybox-static and cpio (private unless the system has cpio) --------------------------------
BUSYBOX=$CACHE/busybox
CPIO=$(command -v cpio || true)
if [ ! -f "$CACHE/busybox.stamp" ] || [ ! -x "$BUSYBOX" ] || { [ -z "$CPIO" ] && [ ! -x "$CACHE/cpio" ]; }; then
    bver=$(candidate busybox-static)
    [ -n "$bver" ] && [ "$bver" != "(none)" ] || die "busybox-static has no candidate in bookworm"
    wanted=("busybox-static=$bver")
    if [ -z "$CPIO" ]; then
        wanted+=("cpio=$(candidate cpio)")
    fi
    log "downloading ${wanted[*]}"
    rm -rf "$DEBS/tools" && mkdir -p "$DEBS/tools"
    (cd "$DEBS/tools" && apt-get "${APT_OPTS[@]}" -q -q download "${wanted[@]}") >"$APT_DIR/download-tools.log" 2>&1 \
        || die "apt-get download ${wanted[*]} failed: $(grep -E '^E:' "$APT_DIR/download-tools.log" | head -n 1)"
    tmp=$CACHE/tools.tmp
    rm -rf "$tmp" && mkdir -p "$tmp"
    for deb in "$DEBS"/tools/*.deb; do
        dpkg-deb -x "$deb" "$tmp"
    done
    cp "$tmp/bin/busybox" "$BUSYBOX"
    if [ -z "$CPIO" ]; then
        cp "$tmp/bin/cpio" "$CACHE/cpio"
    fi
    rm -rf "$tmp" "$DEBS/tools"
    stamp_set busybox "$bver"
fi
[ -n "$CPIO" ] || CPIO=$CACHE/cpio

# ---- stage 4: the workload, compiled here ----------------------------------------------------------------
WORKLOAD=$CACHE/ferry-workload
wl_key="$(sha256sum "$WORKLOAD_SRC" | cut -c1-64) $(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)"
if ! stamp_ok workload "$wl_key" || [ ! -x "$WORKLOAD" ]; then
    log "compiling $(basename "$WORKLOAD_SRC") with gcc -O2 -static"
    gcc -O2 -static -Wall -o "$WORKLOAD.tmp" "$WORKLOAD_SRC" 2>"$CACHE/gcc.log" \
        || die "gcc -static failed (is libc6-dev with libc.a installed?): $(head -n 1 "$CACHE/gcc.log")"
    mv "$WORKLOAD.tmp" "$WORKLOAD"
    stamp_set workload "$wl_key"
fi

# ---- stage 5: the initramfs --------------------------------------------------------------------------------
INITRAMFS=$CACHE/initramfs.cpio.gz
ird_key="$SCRIPT_VERSION $(sha256sum "$BUSYBOX" "$WORKLOAD" | cut -c1-64 | tr '\n' ' ')"
if ! stamp_ok initramfs "$ird_key" || [ ! -f "$INITRAMFS" ]; then
    log "packing the initramfs"
    tmp=$CACHE/initramfs.tmp
    rm -rf "$tmp" && mkdir -p "$tmp"/{bin,dev,proc,sys}
    cp "$BUSYBOX" "$tmp/bin/busybox"
    cp "$WORKLOAD" "$tmp/bin/ferry-workload"
    ln -s busybox "$tmp/bin/sh"
    # The kernel opens /dev/console before /init; as root the node is in the archive, otherwise /init
    # reopens it from devtmpfs.
    mknod -m 600 "$tmp/dev/console" c 5 1 2>/dev/null || true
    cat >"$tmp/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
exec /bin/ferry-workload
EOF
    chmod 755 "$tmp/init"
    (cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort | "$CPIO" --quiet -o -H newc -R 0:0 | gzip -9) >"$INITRAMFS.tmp" \
        || die "cpio -H newc | gzip failed"
    mv "$INITRAMFS.tmp" "$INITRAMFS"
    rm -rf "$tmp"
    stamp_set initramfs "$ird_key"
fi

cat >"$CACHE/testbed.properties.tmp" <<EOF
# Written by testbed-setup.sh version $SCRIPT_VERSION; read by io.ferry.qemu.testbed.TestbedSetup.
setup.version=$SCRIPT_VERSION
qemu.binary=$QEMU_BIN
qemu.library.path=$QEMU_LIBS
qemu.data.dirs=$QEMU_DATA
qemu.module.dir=$QEMU_ROOT/usr/lib/x86_64-linux-gnu/qemu
qemu.version=$qemu_version
qemu.package=$(cat "$CACHE/qemu.stamp")
kernel=$KERNEL
kernel.package=$(cat "$CACHE/kernel.stamp")
initramfs=$INITRAMFS
busybox.package=$(cat "$CACHE/busybox.stamp")
workload.stamp=$(cat "$CACHE/workload.stamp")
EOF
mv "$CACHE/testbed.properties.tmp" "$CACHE/testbed.properties"
log "ready: $qemu_version, kernel $(cat "$CACHE/kernel.stamp"), initramfs $(du -k "$INITRAMFS" | cut -f1) KiB"
