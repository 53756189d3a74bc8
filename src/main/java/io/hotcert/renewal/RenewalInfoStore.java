package io.hotcert.renewal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link RenewalPlanner} keeps the CA's last {@link RenewalInfoAnswer} between runs, and so
 * the {@link RenewalPlans} the policy reads; {@code io.hotcert.state} implements it.
 */
public interface RenewalInfoStore extends RenewalPlans {

    /** Where it is kept, for log lines. */
    Path file();

    /** The answer kept; empty when there is none, or it cannot be read (the lifetime rule applies then). */
    Optional<RenewalInfoAnswer> load();

    /** Replaces the answer kept. */
    void save(RenewalInfoAnswer answer) throws IOException;

    @Override
    default Optional<RenewalPlan> planFor(String serial) {
        return load().flatMap(RenewalInfoAnswer::plan).filter(plan -> plan.serial().equals(serial));
    }
}
