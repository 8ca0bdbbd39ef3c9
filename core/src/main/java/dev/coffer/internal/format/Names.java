package dev.coffer.internal.format;

/**
 * Quotes a name for an exception message. Names can come from an unverified item, so control
 * characters and line separators are escaped (a name holding a newline must not forge a log line)
 * and long names are cut. Not API.
 */
public final class Names {
    /** The most characters of a name a message quotes. */
    static final int MAX_QUOTED_CHARS = 100;

    private Names() {
    }

    /** {@code 'name'}, with control characters as {@code \\uXXXX}, cut after 100 characters. */
    public static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_QUOTED_CHARS) + 16).append('\'');
        int n = Math.min(name.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\'' || c == '\\'
                    || (Character.isSurrogate(c) && !validPair(name, i))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (name.length() > MAX_QUOTED_CHARS) {
            sb.append(" (cut; ").append(name.length()).append(" characters)");
        }
        return sb.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
