package io.hotcert.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;
import org.quartz.simpl.SimpleThreadPool;

/**
 * Runs the daemon's renewal check on a Quartz cron schedule: an in-memory job store and one
 * worker thread, so checks never overlap and nothing is written anywhere. A check that was due
 * while the board slept or the JVM was busy runs once as soon as possible, not once per miss.
 */
public final class RenewalTimer implements AutoCloseable {

    private static final TriggerKey TRIGGER = TriggerKey.triggerKey("renewal-check");

    private final Scheduler scheduler;

    private RenewalTimer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Starts calling {@code check} at every time {@code cron} names.
     *
     * @throws SchedulerException when Quartz cannot start; the expression itself was validated
     *         with the configuration
     */
    public static RenewalTimer start(String cron, Runnable check) throws SchedulerException {
        Scheduler scheduler = new StdSchedulerFactory(properties("hotcert-" + System.identityHashCode(check)))
                .getScheduler();
        // Quartz builds jobs by reflection; a factory handing out the one check keeps it injected.
        Job job = context -> check.run();
        scheduler.setJobFactory((bundle, unused) -> job);
        JobDetail detail = JobBuilder.newJob(Job.class).withIdentity("renewal-check").build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(TRIGGER)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.scheduleJob(detail, trigger);
        scheduler.start();
        return new RenewalTimer(scheduler);
    }

    /**
     * Quartz's own parts, named in properties: a factory instance of our own instead of the static
     * {@code DirectSchedulerFactory.getInstance()}. Quartz still binds every scheduler into its
     * JVM-wide {@code SchedulerRepository} by name, which no factory avoids, so the name is unique.
     */
    static Properties properties(String name) {
        var properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, SimpleThreadPool.class.getName());
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_PREFIX + ".threadCount", "1");
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_PREFIX + ".threadNamePrefix", "hotcert-schedule");
        properties.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_PREFIX + ".makeThreadsDaemons", "true");
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        return properties;
    }

    /** When the next scheduled check runs. */
    public Optional<Instant> nextCheck() {
        try {
            Trigger trigger = scheduler.getTrigger(TRIGGER);
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    /** Stops the schedule without waiting for a check in progress; the daemon abandons it anyway. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            // Nothing left to stop: Quartz only throws here when it was never started.
        }
    }
}
