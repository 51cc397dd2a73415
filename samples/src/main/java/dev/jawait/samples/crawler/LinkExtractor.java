package dev.jawait.samples.crawler;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the links of an HTML page: the {@code href} of every {@code <a>} element, resolved against
 * the page's address, without fragment, http(s) only, each once, in document order.
 *
 * <p>A pattern, not an HTML parser: good enough for well-formed pages, which is all a sample crawler
 * needs; comments and scripts are not treated specially.
 */
public final class LinkExtractor {
    private static final Pattern ANCHOR_HREF = Pattern.compile(
            "<a\\s[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+))",
            Pattern.CASE_INSENSITIVE);

    private LinkExtractor() {}

    /** The absolute http(s) links of {@code html}, resolved against {@code base}. */
    public static Set<URI> links(String html, URI base) {
        Set<URI> out = new LinkedHashSet<>();
        Matcher m = ANCHOR_HREF.matcher(html);
        while (m.find()) {
            String href = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            URI resolved = resolve(base, unescape(href.strip()));
            if (resolved != null) {
                out.add(resolved);
            }
        }
        return out;
    }

    private static URI resolve(URI base, String href) {
        if (href.isEmpty() || href.startsWith("#")) {
            return null;
        }
        try {
            URI uri = base.resolve(new URI(href));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return null; // mailto:, javascript:, ftp:, ...
            }
            // Rebuilt from the raw parts: no fragment, "/" for an empty path, nothing re-encoded.
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new URI(scheme + "://" + uri.getRawAuthority() + path + query);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // not a link worth following
        }
    }

    /** The few entities that appear in real hrefs. */
    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&#38;", "&");
    }
}
