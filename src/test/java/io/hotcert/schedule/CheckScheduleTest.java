package io.hotcert.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

import io.hotcert.storage.AtomicFiles;

class CheckScheduleTest {

    @TempDir
    Path storage;

    @Test
    void theConfiguredScheduleWinsAndNothingIsStored() throws Exception {
        var schedule = new CheckSchedule(storage, new AtomicFiles(), new Random(1));

        assertThat(schedule.cron(Optional.of("0 0 4 * * ?"))).isEqualTo("0 0 4 * * ?");
        assertThat(storage.resolve(CheckSchedule.FILE)).doesNotExist();
    }

    @Test
    void theDefaultIsPickedOncePerInstallationAndKept() throws Exception {
        String first = new CheckSchedule(storage, new AtomicFiles(), new Random(1)).cron(Optional.empty());

        String again = new CheckSchedule(storage, new AtomicFiles(), new Random(2)).cron(Optional.empty());

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(storage.resolve(CheckSchedule.FILE))).contains(first);
    }

    @Test
    void theDefaultRunsTwiceADayTwelveHoursApart() throws Exception {
        String cron = new CheckSchedule(storage, new AtomicFiles(), new Random(7)).cron(Optional.empty());
        var expression = new CronExpression(cron);

        Date first = expression.getNextValidTimeAfter(new Date(0));
        Date second = expression.getNextValidTimeAfter(first);
        Date third = expression.getNextValidTimeAfter(second);

        assertThat(Duration.between(first.toInstant(), second.toInstant())).isEqualTo(Duration.ofHours(12));
        assertThat(Duration.between(second.toInstant(), third.toInstant())).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void installationsSpreadOverTheDay(@TempDir Path fleet) throws Exception {
        var moments = new HashSet<String>();
        for (int board = 0; board < 50; board++) {
            Path dir = fleet.resolve("board" + board);
            moments.add(new CheckSchedule(dir, new AtomicFiles(), new Random(board)).cron(Optional.empty()));
        }

        assertThat(moments).as("50 boards, 50 different moments").hasSize(50);
        for (String cron : moments) {
            assertThat(CronExpression.isValidExpression(cron)).as(cron).isTrue();
        }
    }

}
