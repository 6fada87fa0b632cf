package org.fleetmesh.rp.testing;

import java.lang.management.ThreadInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What this JVM spent: CPU time (all of it, and its Java threads' share: the rest is the JVM's own, JIT compilers and
 * garbage collectors mostly, much of it in a cold JVM), heap allocated, and time in garbage collection, as cumulative
 * counters sampled every 100 ms by a thread of its own while a measured stretch of work runs, so that each step of an
 * operation (known only afterwards, from the service's log) gets its share by interpolation.
 *
 * <p>Allocation is the sum of HotSpot's per-thread counters ({@code com.sun.management.ThreadMXBean
 * #getThreadAllocatedBytes}), and the Java threads' CPU time the sum of theirs: Java 17 has no counter for the whole
 * JVM, and a thread's counters go with the thread, so each thread's last sampled values are kept after it ends. A
 * thread that ends between two samples loses at most 100 ms of its figures; the service's pools keep their threads.
 * The sampler's own CPU time (about 1 ms a sample with 800 threads) is left out of every figure; its allocation, a few
 * KB a sample, is not.
 */
public final class JvmUsage {

    /** Often enough to split steps of a second or more. */
    private static final Duration INTERVAL = Duration.ofMillis(100);
    /**
     * A pool's threads differ by numbers in their names ({@code db-scheduler-pool-3-thread-7}), and so do pools made per
     * client ({@code JdkHttpClientFactory-81146154-pool-12-thread-1}): a group is a name with its numbers as {@code *}.
     */
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** The counters at one moment. */
    public record Sample(Instant at, long cpuNanos, long javaThreadsCpuNanos, long allocatedBytes, long gcMillis) {
    }

    /** What was spent between two moments. */
    public record Spent(Duration wall, long cpuNanos, long javaThreadsCpuNanos, long allocatedBytes, long gcMillis) {

        /**
         * CPU time no sampled Java thread accounts for: the JVM's own threads (JIT compilers, garbage collectors, …),
         * and threads that began and ended between two samples.
         */
        public long jvmOwnCpuNanos() {
            return cpuNanos - javaThreadsCpuNanos;
        }

        /** Allocation per second of wall time, in MB (10^6 bytes). */
        public double allocationMegabytesPerSecond() {
            return wall.isZero() ? 0 : allocatedBytes / 1e6 / (wall.toNanos() / 1e9);
        }
    }

    /** A Java thread's counters: its group (name without its numbers), CPU time when first and last seen, allocation. */
    private static final class ThreadCounters {
        final String group;
        final long firstCpuNanos;
        long cpuNanos;
        long allocatedBytes;

        ThreadCounters(String group, long firstCpuNanos) {
            this.group = group;
            this.firstCpuNanos = firstCpuNanos;
            this.cpuNanos = firstCpuNanos;
        }
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, ThreadCounters> countersByThread = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    /** The sampler's thread, whose own reading of every thread's counters is not what the measured work spent. */
    private volatile long samplerThreadId = -1;
    private final ScheduledExecutorService sampler;

    private JvmUsage() {
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jvm-usage-sampler");
            thread.setDaemon(true);
            samplerThreadId = thread.getId();
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts sampling, with a first sample now. */
    public static JvmUsage start() {
        return new JvmUsage();
    }

    /** Stops sampling, with a last sample now; returns this, whose {@link #between} can then be asked. */
    public JvmUsage stop() {
        sampler.shutdown();
        try {
            sampler.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        return this;
    }

    /** From the first sample to the last. */
    public synchronized Spent total() {
        return between(samples.get(0).at(), samples.get(samples.size() - 1).at());
    }

    /** What was spent between two moments within the sampled stretch, interpolated linearly between samples. */
    public synchronized Spent between(Instant from, Instant to) {
        Sample start = at(from);
        Sample end = at(to);
        return new Spent(Duration.between(from, to), end.cpuNanos() - start.cpuNanos(),
                end.javaThreadsCpuNanos() - start.javaThreadsCpuNanos(), end.allocatedBytes() - start.allocatedBytes(),
                end.gcMillis() - start.gcMillis());
    }

    /** The Java threads' CPU time over the whole stretch by group of threads (a pool's name), most first; not the sampler's. */
    public synchronized Map<String, Long> cpuNanosByThreadGroup() {
        Map<String, Long> byGroup = new HashMap<>();
        countersByThread.forEach((id, thread) -> {
            if (id != samplerThreadId) {
                byGroup.merge(thread.group, thread.cpuNanos - thread.firstCpuNanos, Long::sum);
            }
        });
        Map<String, Long> mostFirst = new LinkedHashMap<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(group -> mostFirst.put(group.getKey(), group.getValue()));
        return mostFirst;
    }

    private Sample at(Instant moment) {
        Sample before = samples.get(0);
        for (Sample sample : samples) {
            if (!sample.at().isBefore(moment)) {
                if (sample == before) {
                    return sample;
                }
                double share = (double) Duration.between(before.at(), moment).toNanos()
                        / Duration.between(before.at(), sample.at()).toNanos();
                return new Sample(moment, interpolate(before.cpuNanos(), sample.cpuNanos(), share),
                        interpolate(before.javaThreadsCpuNanos(), sample.javaThreadsCpuNanos(), share),
                        interpolate(before.allocatedBytes(), sample.allocatedBytes(), share),
                        interpolate(before.gcMillis(), sample.gcMillis(), share));
            }
            before = sample;
        }
        return before;
    }

    private static long interpolate(long from, long to, double share) {
        return from + Math.round((to - from) * share);
    }

    private synchronized void sample() {
        boolean first = samples.isEmpty();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] allocated = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] < 0 || allocated[i] < 0) {
                continue; // ended meanwhile
            }
            ThreadCounters counters = countersByThread.get(ids[i]);
            if (counters == null) {
                ThreadInfo info = threads.getThreadInfo(ids[i]);
                String name = info == null ? "?" : info.getThreadName();
                // A thread there at the first sample counts from then; a later one started since, from zero.
                counters = new ThreadCounters(NUMBER.matcher(name).replaceAll("*"), first ? cpu[i] : 0);
                countersByThread.put(ids[i], counters);
            }
            counters.cpuNanos = cpu[i];
            counters.allocatedBytes = allocated[i];
        }
        long javaThreadsCpu = 0;
        long allocatedBytes = 0;
        for (ThreadCounters counters : countersByThread.values()) {
            javaThreadsCpu += counters.cpuNanos;
            allocatedBytes += counters.allocatedBytes;
        }
        // Not what the measured work spent: the sampler's reading of hundreds of threads' counters.
        ThreadCounters self = countersByThread.get(samplerThreadId);
        long samplerCpu = self == null ? 0 : self.cpuNanos - self.firstCpuNanos;
        long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(time -> time > 0).sum();
        samples.add(new Sample(Instant.now(), Benchmarks.processCpuNanos() - samplerCpu, javaThreadsCpu - samplerCpu,
                allocatedBytes, gcMillis));
    }
}
