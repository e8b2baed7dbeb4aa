#!/usr/bin/env python3
"""Investigation tool (not product code): boots an idle testbed guest (512 MiB, a 256 MiB workload), dumps its
physical memory with QMP pmemsave and prints its layout: the stretches of zero and non-zero pages of 1 MiB or more,
and the non-zero memory above the highest zero stretch (the qemu-tcg profile's guest.nonZeroTopMiB).
Needs the testbed cache of `./ferry fidelity` and python3."""
import os, shutil, sys, time, argparse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
probe = __import__('probe')
start, Qmp = probe.start, probe.Qmp
a=argparse.Namespace(mem=512,wmem=256,mode='idle',rate=0,hot=16)
work='/tmp/pd'; shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
p,q,ser=start(work,'h0',a,False,False)
t0=time.time()
while time.time()-t0<60:
    if os.path.exists(ser) and 'FERRY-HB' in open(ser,errors='replace').read(): break
    time.sleep(0.2)
time.sleep(2)
q.cmd('pmemsave', val=0, size=512*1048576, filename=work+'/mem')
time.sleep(1); p.kill()
d=open(work+'/mem','rb').read(); Z=bytes(4096)
z=[d[i:i+4096]==Z for i in range(0,len(d),4096)]
# runs
runs=[]; cur=z[0]; start_=0
for i,v in enumerate(z+[None]):
    if v!=cur:
        runs.append((cur,start_,i-start_)); cur=v; start_=i
for v,s_,n in runs:
    if n>=256: print('zero' if v else 'data', 'from %.1f MiB, %.1f MiB'%(s_/256, n/256))
print('total zero MiB %.1f, nonzero %.1f'%(sum(z)/256, (len(z)-sum(z))/256))
big=[r for r in runs if r[0] and r[2]>=2560]
if big:
    last=max(big,key=lambda r:r[1]); top=len(z)-(last[1]+last[2])
    print('above the last big zero run: %.1f MiB, non-zero there %.1f MiB'%(top/256, sum(1 for v in z[last[1]+last[2]:] if not v)/256))
