/**
 * How a Coterie host agent runs workloads on its own kernel with enforced CPU and memory.
 *
 * <p>Start with {@link io.coterie.cgroups.Cgroups#detect()}, create a
 * {@link io.coterie.cgroups.HostCgroup} for each host the agent serves, and
 * {@link io.coterie.cgroups.HostCgroup#start start} {@link io.coterie.cgroups.WorkloadSpec}s on it.
 *
 * <h2>What is enforced, and how, per cgroup version</h2>
 * <table>
 *   <caption>Kernel interfaces used</caption>
 *   <tr><th></th><th>v1</th><th>v2</th></tr>
 *   <tr><td>fractional CPU</td><td>cpu.cfs_quota_us / cpu.cfs_period_us</td><td>cpu.max</td></tr>
 *   <tr><td>weight under contention</td><td>cpu.shares</td><td>cpu.weight (converted as runc does)</td></tr>
 *   <tr><td>whole CPUs</td><td>cpuset.cpus (+ cpuset.mems, which v1 requires)</td><td>cpuset.cpus</td></tr>
 *   <tr><td>memory</td><td>memory.limit_in_bytes, plus memory.memsw.limit_in_bytes at the same value when
 *       swap accounting is on (so memory+swap cannot exceed the limit) and memory.swappiness=0</td>
 *       <td>memory.max, plus memory.swap.max=0</td></tr>
 *   <tr><td>OOM verdict</td><td>memory.oom_control oom_kill (Linux 4.13+); before that memory.failcnt with a
 *       SIGKILL exit</td><td>memory.events oom_kill</td></tr>
 *   <tr><td>CPU time</td><td>cpuacct.usage</td><td>cpu.stat usage_usec</td></tr>
 *   <tr><td>memory now / peak</td><td>memory.usage_in_bytes / memory.max_usage_in_bytes</td>
 *       <td>memory.current / memory.peak (5.19+)</td></tr>
 *   <tr><td>kill everything</td><td>freeze (freezer.state), SIGKILL each pid, thaw</td>
 *       <td>cgroup.kill (5.14+), else cgroup.freeze around SIGKILLs</td></tr>
 * </table>
 *
 * <p>Exclusive CPUs: a parent "shared" group holds the host's CPUs minus those handed out whole, so
 * shared workloads (and ones already running) move off a CPU the moment it is given away, and get it
 * back when that workload is removed. Nothing stops a process outside Coterie's groups from using an
 * exclusive CPU; isolating it from the rest of the machine (isolcpus, a v2 cpuset partition) is the
 * machine operator's business.
 */
package io.coterie.cgroups;
