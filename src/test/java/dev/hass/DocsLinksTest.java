package dev.hass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link of README.md and docs/*.md points to a file or folder of the repository. */
class DocsLinksTest {
    /** [text](target) and ![alt](target), target up to the first space or ')'; and src="..." of <img>. */
    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|<img[^>]*\\ssrc=\"([^\"]+)\"");

    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root().resolve("README.md"));
        try (Stream<Path> s = Files.list(root().resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<String> targets(String markdown) {
        // links inside code blocks and code spans are text, not links
        String text = markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFile() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String t : targets(Files.readString(page))) {
                if (t.matches("^[a-zA-Z][a-zA-Z+.-]*:.*") || t.startsWith("#")) continue; // http:, mailto:, in-page anchors
                String path = t.replaceFirst("[#?].*$", "");
                Path target = page.getParent().resolve(path).normalize();
                checked++;
                if (!Files.exists(target)) broken.add(root().relativize(page) + ": " + t);
            }
        }
        assertEquals(List.of(), broken, "broken relative links");
        assertTrue(checked >= 20, "only " + checked + " relative links found: is the pattern still right?");
    }

    @Test
    void theLinkPatternFindsLinksAndSkipsCode() {
        assertEquals(List.of("docs/a.md", "b.png", "c.md#x", "img/d.png"),
                targets("see [a](docs/a.md), ![chart](b.png \"title\") and [c](c.md#x) `[no](e.md)`\n"
                        + "```\n[no](f.md)\n```\n<img alt=\"x\" src=\"img/d.png\">"));
    }

    @Test
    void readmeIsAtMostTwelveKilobytes() throws IOException {
        long size = Files.size(root().resolve("README.md"));
        assertTrue(size <= 12 * 1024, "README.md is " + size + " bytes; the manual belongs in docs/");
    }
}
