package io.hotcert.schedule;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.DefaultThreadExecutor;
import org.quartz.impl.DirectSchedulerFactory;
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
        // Built directly rather than from properties: StdSchedulerFactory sets its parts up through
        // java.beans introspection, 190 more classes loaded and about 180 KiB more heap. A factory of
        // our own (its constructor is protected) rather than the static getInstance(); Quartz still
        // binds every scheduler into its JVM-wide SchedulerRepository by name, so the name is unique.
        var threadPool = new SimpleThreadPool(1, Thread.NORM_PRIORITY);
        threadPool.setThreadNamePrefix("hotcert-schedule");
        threadPool.setMakeThreadsDaemons(true);
        String name = "hotcert-" + System.identityHashCode(check);
        var factory = new DirectSchedulerFactory() { };
        factory.createScheduler(name, name, threadPool, new DefaultThreadExecutor(), new RAMJobStore(), null, null, 0,
                -1, -1, false, null, 1, 0, true);
        Scheduler scheduler = factory.getScheduler(name);
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
