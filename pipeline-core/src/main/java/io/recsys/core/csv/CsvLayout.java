package io.recsys.core.csv;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;

/** How one delimited text file is laid out. */
public record CsvLayout(Path file, char delimiter, Character quote, boolean header, Charset charset) {

    /** Builds a layout from configuration strings, naming the bad key when one is wrong. */
    public static CsvLayout of(
            Path file, String delimiter, String quote, boolean header, String encoding, String configPrefix) {
        return new CsvLayout(
                file,
                parseChar(delimiter, configPrefix + ".delimiter", false),
                parseChar(quote, configPrefix + ".quote", true),
                header,
                charset(encoding, configPrefix + ".encoding"));
    }

    private static Character parseChar(String value, String key, boolean noneAllowed) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is empty");
        }
        String v = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (noneAllowed && v.equalsIgnoreCase("none")) {
            return null;
        }
        if (v.length() != 1) {
            throw new IllegalArgumentException(key + " must be one character (or 'tab'"
                    + (noneAllowed ? " or 'none'" : "") + "), got '" + value + "'");
        }
        return v.charAt(0);
    }

    private static Charset charset(String name, String key) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException(key + ": unknown encoding '" + name + "'");
        }
    }

    public String fileName() {
        return file.getFileName().toString();
    }
}
