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
import io.hotcert.testing.CapturedLogs;
import io.hotcert.storage.StorageLayout;

class CheckScheduleTest {

    @TempDir
    Path storage;

    @TempDir
    Path etc;

    private CheckSchedule schedule(Path dir, long seed, String machineId) throws Exception {
        Path machineIdFile = Files.writeString(etc.resolve("machine-id-" + machineId.hashCode()), machineId + "\n");
        return new CheckSchedule(dir, new AtomicFiles(), new Random(seed), machineIdFile);
    }

    @Test
    void theConfiguredScheduleWins() throws Exception {
        var schedule = schedule(storage, 1, "aaaa");

        assertThat(schedule.cron(Optional.of("0 0 4 * * ?"))).isEqualTo("0 0 4 * * ?");
        assertThat(schedule.known(Optional.of("0 0 4 * * ?"))).contains("0 0 4 * * ?");
    }

    @Test
    void thePicksAreMadeOncePerInstallationAndKept() throws Exception {
        InstallationPicks first = schedule(storage, 1, "aaaa").picks();

        InstallationPicks again = schedule(storage, 2, "aaaa").picks();

        assertThat(again).isEqualTo(first);
        assertThat(schedule(storage, 3, "aaaa").known()).contains(first);
        assertThat(Files.readString(new StorageLayout(storage).schedule())).contains("default.cron=" + first.cron())
                .contains("renewal.seed=" + first.renewalSeed()).contains("machine-id=aaaa");
    }

    @Test
    void theDefaultRunsTwiceADayTwelveHoursApart() throws Exception {
        String cron = schedule(storage, 7, "aaaa").cron(Optional.empty());
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
        var seeds = new HashSet<Long>();
        for (int board = 0; board < 50; board++) {
            InstallationPicks picks = schedule(fleet.resolve("board" + board), board, "aaaa").picks();
            moments.add(picks.cron());
            seeds.add(picks.renewalSeed());
        }

        assertThat(moments).as("50 boards, 50 different moments").hasSize(50);
        assertThat(seeds).hasSize(50);
        for (String cron : moments) {
            assertThat(CronExpression.isValidExpression(cron)).as(cron).isTrue();
        }
    }

    /** An image built with state in it: every board flashed from it would check and renew in step. */
    @Test
    void storageFromAnotherMachineGetsPicksOfItsOwnWithALogLine() throws Exception {
        InstallationPicks builder = schedule(storage, 1, "builder0").picks();
        Files.createDirectories(storage.resolve("account"));

        InstallationPicks board;
        try (var logs = new CapturedLogs()) {
            board = schedule(storage, 2, "board00001").picks();

            assertThat(logs.text()).contains("made on machine builder0, this machine's id is board00001: picking this"
                    + " installation's own check time and renewal moment").contains("the ACME account in "
                    + storage.resolve("account") + " came along and is kept");
        }

        assertThat(board.cron()).isNotEqualTo(builder.cron());
        assertThat(board.renewalSeed()).isNotEqualTo(builder.renewalSeed());
        assertThat(storage.resolve("account")).isDirectory();
        try (var logs = new CapturedLogs()) {
            assertThat(schedule(storage, 3, "board00001").picks()).isEqualTo(board);
            assertThat(logs.text()).doesNotContain("picking");
        }
    }

    /** Made in an image before its first boot, when /etc/machine-id was still empty. */
    @Test
    void storageThatRecordsNoMachineIsPickedAgainOnAMachineThatHasOne() throws Exception {
        InstallationPicks image = schedule(storage, 1, "").picks();

        InstallationPicks board = schedule(storage, 2, "board00001").picks();

        assertThat(board).isNotEqualTo(image);
        assertThat(schedule(storage, 3, "board00001").picks()).isEqualTo(board);
    }

    @Test
    void withoutAMachineIdThePicksOnFileStand() throws Exception {
        InstallationPicks first = schedule(storage, 1, "aaaa").picks();

        var unknownMachine = new CheckSchedule(storage, new AtomicFiles(), new Random(2), etc.resolve("missing"));

        assertThat(unknownMachine.picks()).isEqualTo(first);
    }

    @Test
    void aStatusReadsThePicksWithoutMakingThem() throws Exception {
        var schedule = schedule(storage, 1, "aaaa");

        assertThat(schedule.known()).isEmpty();
        assertThat(schedule.known(Optional.empty())).isEmpty();
        assertThat(new StorageLayout(storage).schedule()).doesNotExist();
    }
}
