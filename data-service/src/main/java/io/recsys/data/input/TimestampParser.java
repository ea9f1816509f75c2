package io.recsys.data.input;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * Turns a timestamp field into epoch seconds. Formats: {@code iso} (date, date-time with 'T' or a
 * space, optional offset; no offset means the configured zone), {@code epoch-seconds}, or a
 * {@link DateTimeFormatter} pattern.
 */
public abstract class TimestampParser {

    /** The field could not be read as a timestamp; the message says what was expected. */
    public static final class BadTimestamp extends Exception {
        public BadTimestamp(String message) {
            super(message);
        }
    }

    public abstract long epochSeconds(String text) throws BadTimestamp;

    /** Formats epoch seconds back into this format (for rows appended to a raw file). */
    public abstract String format(long epochSeconds);

    public static TimestampParser of(String format, ZoneId zone) {
        String f = format.trim();
        if (f.equalsIgnoreCase("iso")) {
            return new Iso(zone);
        }
        if (f.equalsIgnoreCase("epoch-seconds") || f.equalsIgnoreCase("epoch")) {
            return new Epoch();
        }
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(f);
        return new Pattern(formatter.withZone(zone), f);
    }

    private static final class Epoch extends TimestampParser {
        @Override
        public long epochSeconds(String text) throws BadTimestamp {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new BadTimestamp("'" + text + "' is not epoch seconds");
            }
        }

        @Override
        public String format(long epochSeconds) {
            return Long.toString(epochSeconds);
        }
    }

    private static final class Iso extends TimestampParser {
        private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        private final ZoneId zone;
        private final ZoneOffset fixedOffset;

        Iso(ZoneId zone) {
            this.zone = zone;
            this.fixedOffset =
                    zone.getRules().isFixedOffset() ? zone.getRules().getOffset(java.time.Instant.EPOCH) : null;
        }

        @Override
        public long epochSeconds(String raw) throws BadTimestamp {
            String t = raw.trim();
            long fast = fastPath(t);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
            try {
                if (t.length() == 10) {
                    return LocalDate.parse(t).atStartOfDay(zone).toEpochSecond();
                }
                String s = t.replace(' ', 'T');
                try {
                    return OffsetDateTime.parse(s).toEpochSecond();
                } catch (DateTimeParseException e) {
                    return LocalDateTime.parse(s).atZone(zone).toEpochSecond();
                }
            } catch (DateTimeParseException e) {
                throw new BadTimestamp("'" + raw + "' is not an ISO-8601 date or date-time (e.g. 2024-05-01 13:45:00)");
            }
        }

        /** "yyyy-MM-dd HH:mm:ss" or with 'T', no zone: the common case, parsed without allocation. */
        private long fastPath(String t) {
            if (fixedOffset == null
                    || t.length() != 19
                    || t.charAt(4) != '-'
                    || t.charAt(7) != '-'
                    || (t.charAt(10) != ' ' && t.charAt(10) != 'T')
                    || t.charAt(13) != ':'
                    || t.charAt(16) != ':') {
                return Long.MIN_VALUE;
            }
            int y = digits(t, 0, 4);
            int mo = digits(t, 5, 2);
            int d = digits(t, 8, 2);
            int h = digits(t, 11, 2);
            int mi = digits(t, 14, 2);
            int s = digits(t, 17, 2);
            if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0
                    || s > 59) {
                return Long.MIN_VALUE;
            }
            if (d > LocalDate.of(y, mo, 1).lengthOfMonth()) {
                return Long.MIN_VALUE; // let the slow path produce the error
            }
            long days = LocalDate.of(y, mo, d).toEpochDay();
            return days * 86400 + h * 3600L + mi * 60L + s - fixedOffset.getTotalSeconds();
        }

        private static int digits(String t, int from, int n) {
            int v = 0;
            for (int i = from; i < from + n; i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }

        @Override
        public String format(long epochSeconds) {
            return OUT.format(LocalDateTime.ofEpochSecond(
                    epochSeconds, 0, zone.getRules().getOffset(java.time.Instant.ofEpochSecond(epochSeconds))));
        }
    }

    private static final class Pattern extends TimestampParser {
        private final DateTimeFormatter formatter;
        private final String pattern;

        Pattern(DateTimeFormatter formatter, String pattern) {
            this.formatter = formatter;
            this.pattern = pattern;
        }

        @Override
        public long epochSeconds(String text) throws BadTimestamp {
            try {
                TemporalAccessor parsed = formatter.parse(text.trim());
                try {
                    return java.time.ZonedDateTime.from(parsed).toEpochSecond();
                } catch (java.time.DateTimeException e) {
                    return LocalDate.from(parsed)
                            .atStartOfDay(formatter.getZone())
                            .toEpochSecond();
                }
            } catch (java.time.DateTimeException e) {
                throw new BadTimestamp("'" + text + "' does not match the pattern " + pattern);
            }
        }

        @Override
        public String format(long epochSeconds) {
            return formatter.format(java.time.Instant.ofEpochSecond(epochSeconds));
        }
    }
}
