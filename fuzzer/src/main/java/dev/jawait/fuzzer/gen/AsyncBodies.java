package dev.jawait.fuzzer.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bodies of the {@code @Async} methods in Java source text, for {@link Program#twinOf}.
 * A small lexer rather than a fixed header pattern: it skips comments, string, text-block and char
 * literals, takes {@code @Async} (or {@code @dev.jawait.Async}) in code, and the method header
 * after it up to the first {@code {} outside parentheses (so annotations with arguments, type
 * parameters, varargs and {@code throws} clauses all pass), then the matching {@code }}.
 */
final class AsyncBodies {
    private AsyncBodies() {}

    /** One body: the indexes of its opening and closing braces. */
    record Body(int open, int close) {}

    /** The bodies of every {@code @Async} method in {@code src}, in source order (nested ones too). */
    static List<Body> find(String src) {
        List<Body> out = new ArrayList<>();
        for (int i = 0; i < src.length(); i = skip(src, i)) {
            if (src.charAt(i) == '@') {
                int end = annotationEnd(src, i + 1);
                if (src.substring(i + 1, end).matches("(\\w+\\.)*Async")) {
                    int open = headerEnd(src, end);
                    if (open >= 0) {
                        out.add(new Body(open, matchingBrace(src, open)));
                    }
                }
            }
        }
        return out;
    }

    /** The end of the (possibly qualified) annotation name starting at {@code from}. */
    private static int annotationEnd(String src, int from) {
        int i = from;
        while (i < src.length() && (Character.isJavaIdentifierPart(src.charAt(i)) || src.charAt(i) == '.')) {
            i++;
        }
        return i;
    }

    /** The index of the body's {@code {} after a header starting at {@code from}; -1 if it has none. */
    private static int headerEnd(String src, int from) {
        int parens = 0;
        for (int i = from; i < src.length(); i = skip(src, i)) {
            char c = src.charAt(i);
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens--;
            } else if (parens == 0 && c == '{') {
                return i;
            } else if (parens == 0 && (c == ';' || c == '}')) {
                return -1; // abstract, or not a method at all
            }
        }
        return -1;
    }

    private static int matchingBrace(String src, int open) {
        int depth = 0;
        for (int i = open; i < src.length(); i = skip(src, i)) {
            char c = src.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces after index " + open);
    }

    /** The index after the token at {@code i}: a whole comment or literal, else one character. */
    private static int skip(String src, int i) {
        if (src.startsWith("//", i)) {
            int nl = src.indexOf('\n', i);
            return nl < 0 ? src.length() : nl + 1;
        }
        if (src.startsWith("/*", i)) {
            return endOf(src, src.indexOf("*/", i + 2), 2, i);
        }
        if (src.startsWith("\"\"\"", i)) {
            int j = i + 3;
            while (true) {
                int close = src.indexOf("\"\"\"", j);
                if (close < 0 || !escaped(src, close)) {
                    return endOf(src, close, 3, i);
                }
                j = close + 1;
            }
        }
        char c = src.charAt(i);
        if (c == '"' || c == '\'') {
            for (int j = i + 1; j < src.length(); j++) {
                char d = src.charAt(j);
                if (d == '\\') {
                    j++;
                } else if (d == c) {
                    return j + 1;
                }
            }
            throw new IllegalArgumentException("unterminated literal at index " + i);
        }
        return i + 1;
    }

    /** Whether the character at {@code at} follows an odd number of backslashes. */
    private static boolean escaped(String src, int at) {
        int n = 0;
        while (at - n - 1 >= 0 && src.charAt(at - n - 1) == '\\') {
            n++;
        }
        return n % 2 == 1;
    }

    private static int endOf(String src, int found, int width, int start) {
        if (found < 0) {
            throw new IllegalArgumentException("unterminated comment or text block at index " + start);
        }
        return found + width;
    }
}
