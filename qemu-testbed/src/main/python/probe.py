#!/usr/bin/env python3
"""Investigation probe for the engine's QEMU model (not product code; needs the testbed cache that
`./ferry fidelity` builds in ~/.cache/ferry-testbed, and python3).

One migration (or a chain) of a testbed guest under QEMU's own rule, optionally with QEMU's trace events
(--trace: the rate limiter, the pending estimates, the dirty-log syncs and the downtime checkpoints with per-device
save/load times) written to WORK/h*.trace, and optionally with the destination's memory preallocated
(--prealloc, -mem-prealloc: no first-touch allocation on the destination). Prints one JSON line per migration
(QEMU's query-migrate figures) and the processes' resident and huge-page memory.

Examples (the figures the README and the qemu-tcg profile cite):
  probe.py --mode idle --cap 128 --trace --work /tmp/p            # idle pause: RAM save in vmstate_downtime_save
  probe.py --mode idle --cap 128 --trace --prealloc --work /tmp/p # the same with the destination preallocated
  probe.py --mode idle --wmem 1 --cap 128 --trace --work /tmp/p   # zero-page scan: migrate_pending_estimate drops
  probe.py --mode uniform --rate 3000 --cap 0 --trace --work /tmp/p  # uncapped: the pending at the stop
"""
import json, os, socket, subprocess, sys, time, argparse, re, shutil
C = os.path.expanduser('~/.cache/ferry-testbed')
QEMU = C + '/qemu/usr/bin/qemu-system-x86_64'
ENV = dict(os.environ, LD_LIBRARY_PATH=C + '/qemu/lib/x86_64-linux-gnu:' + C + '/qemu/usr/lib/x86_64-linux-gnu')
DATA = ['-L', C + '/qemu/usr/share/qemu', '-L', C + '/qemu/usr/share/seabios']

class Qmp:
    def __init__(s, path):
        for _ in range(200):
            try:
                s.k = socket.socket(socket.AF_UNIX); s.k.connect(path); break
            except OSError: time.sleep(0.05)
        s.f = s.k.makefile('rw'); s.f.readline(); s.cmd('qmp_capabilities')
    def cmd(s, c, **a):
        s.f.write(json.dumps({'execute': c, 'arguments': a}) + '\n'); s.f.flush()
        while True:
            r = json.loads(s.f.readline())
            if 'event' in r: continue
            if 'error' in r: raise RuntimeError(c + ': ' + str(r['error']))
            return r.get('return')

def start(work, name, args, incoming, trace):
    qmp = f'{work}/{name}.qmp'; ser = f'{work}/{name}.log'
    cmd = [QEMU] + DATA + ['-machine', 'pc', '-accel', 'tcg', '-cpu', 'qemu64', '-smp', '1', '-m', str(args.mem),
        '-display', 'none', '-vga', 'none', '-net', 'none', '-no-reboot', '-serial', 'file:' + ser,
        '-qmp', f'unix:{qmp},server=on,wait=off', '-kernel', C + '/vmlinux', '-initrd', C + '/initramfs.cpio.gz',
        '-append', f'console=ttyS0 quiet panic=-1 ferry.mem={args.wmem} ferry.mode={args.mode} ferry.rate={args.rate} '
                   f'ferry.hot={args.hot} ferry.hotpct=90 ferry.hb=20 ferry.check=0 ferry.seed=1']
    if trace:
        cmd += ['-trace', f'events={work}/events,file={work}/{name}.trace', '-msg', 'timestamp=on']
    if incoming: cmd += ['-incoming', 'defer']
    if incoming and args.prealloc: cmd += ['-mem-prealloc']
    p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=open(f'{work}/{name}.err', 'w'))
    return p, Qmp(qmp), ser

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mem', type=int, default=512); ap.add_argument('--wmem', type=int, default=256)
    ap.add_argument('--mode', default='uniform'); ap.add_argument('--rate', type=int, default=18000)
    ap.add_argument('--hot', type=int, default=16)
    ap.add_argument('--cap', type=float, default=128, help='MiB/s, 0 = unlimited')
    ap.add_argument('--pcap', type=float, default=-1, help='max-postcopy-bandwidth MiB/s (-1 unset)')
    ap.add_argument('--downtime', type=int, default=300); ap.add_argument('--timeout', type=float, default=30)
    ap.add_argument('--postcopy-after', type=float, default=-1, help='start postcopy after S seconds (hybrid)')
    ap.add_argument('--chain', type=int, default=1); ap.add_argument('--work', default='/tmp/probe')
    ap.add_argument('--trace', action='store_true'); ap.add_argument('--prealloc', action='store_true')
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True); os.makedirs(a.work)
    with open(a.work + '/events', 'w') as f:
        f.write('\n'.join(['migration_bitmap_sync_start', 'migration_bitmap_sync_end', 'migrate_pending_estimate',
                           'migrate_pending_exact', 'migration_thread_low_pending', 'migrate_transferred',
                           'migration_rate_limit_pre', 'migration_rate_limit_post', 'vmstate_downtime_checkpoint', 'vmstate_downtime_save', 'vmstate_downtime_load', 'migration_completion_vm_stop', 'ram_save_complete', 'qemu_savevm_state_complete_precopy', 'savevm_state_complete_precopy', 'loadvm_state_cleanup', 'qemu_loadvm_state_post_main', 'process_incoming_migration_co_end', 'ram_load_complete']) + '\n')
    procs = []
    p, q, ser = start(a.work, 'h0', a, False, a.trace); procs.append(p)
    t0 = time.time()
    while time.time() - t0 < 60:
        if os.path.exists(ser) and 'FERRY-HB' in open(ser, errors='replace').read(): break
        time.sleep(0.2)
    time.sleep(2.0)
    src, sq = p, q
    try:
        for i in range(a.chain):
            dp, dq, dser = start(a.work, f'h{i+1}', a, True, a.trace); procs.append(dp)
            pc = a.postcopy_after >= 0
            caps = [{'capability': 'events', 'state': True}]
            if pc: caps.append({'capability': 'postcopy-ram', 'state': True})
            sq.cmd('migrate-set-capabilities', capabilities=caps)
            if pc: dq.cmd('migrate-set-capabilities', capabilities=[{'capability': 'postcopy-ram', 'state': True}])
            params = {'downtime-limit': a.downtime, 'max-bandwidth': int(a.cap * 1048576) if a.cap > 0 else 0}
            if a.pcap >= 0: params['max-postcopy-bandwidth'] = int(a.pcap * 1048576)
            sq.cmd('migrate-set-parameters', **params)
            sock = f'{a.work}/mig{i}.sock'
            dq.cmd('migrate-incoming', uri='unix:' + sock)
            ts = time.time(); sq.cmd('migrate', uri='unix:' + sock)
            polls = []; switched = False; status = '?'
            while True:
                r = sq.cmd('query-migrate'); status = r.get('status')
                ram = r.get('ram', {})
                polls.append((round(time.time() - ts, 3), r.get('dirty-sync-count', ram.get('dirty-sync-count')), ram.get('remaining'), ram.get('transferred')))
                if status in ('completed', 'failed', 'cancelled'): break
                if pc and not switched and time.time() - ts >= a.postcopy_after:
                    sq.cmd('migrate-start-postcopy'); switched = True
                if time.time() - ts > a.timeout:
                    sq.cmd('migrate_cancel'); time.sleep(0.5); status = 'not-converged'; break
                time.sleep(0.1)
            r = sq.cmd('query-migrate'); ram = r.get('ram', {})
            out = {'run': i, 'status': status, 'total_ms': r.get('total-time'), 'downtime_ms': r.get('downtime'),
                   'setup_ms': r.get('setup-time'), 'MiB': round(ram.get('transferred', 0) / 1048576, 1),
                   'syncs': ram.get('dirty-sync-count'), 'precopy_MiB': round(ram.get('precopy-bytes', 0) / 1048576, 1),
                   'postcopy_MiB': round(ram.get('postcopy-bytes', 0) / 1048576, 1), 'mbps': ram.get('mbps'),
                   'wall_s': round(time.time() - ts, 2)}
            print(json.dumps(out)); sys.stdout.flush()
            with open(f'{a.work}/polls{i}.json', 'w') as f: json.dump(polls, f)
            if status != 'completed': break
            time.sleep(1.5)
            src.kill(); src, sq = dp, dq
    finally:
        for p in procs:
            try:
                print(p.pid, [l.strip() for l in open(f'/proc/{p.pid}/smaps_rollup') if l.startswith(('Rss','AnonHuge'))])
            except Exception as e: print(e)
        for p in procs:
            try: p.kill()
            except Exception: pass

if __name__ == "__main__":
    main()
