package dev.seedancebot.core.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The daily and monthly windows containing one instant, in the quota zone. */
record Windows(LocalDate today, LocalDate month, Instant dayResetsAt, Instant monthResetsAt) {

    static Windows at(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate month = today.withDayOfMonth(1);
        return new Windows(today, month, today.plusDays(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atStartOfDay(zone).toInstant());
    }
}
