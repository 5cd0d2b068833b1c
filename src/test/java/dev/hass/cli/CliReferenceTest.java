package dev.hass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md is the usage help of every command, rendered from the picocli model: this test fails when
 * the file and {@code --help} differ. Regenerate with
 * {@code mvn -o -B test -Dtest=CliReferenceTest -Dhass.regenerateDocs=true}.
 */
class CliReferenceTest {
    static final String REGENERATE = "mvn -o -B test -Dtest=CliReferenceTest -Dhass.regenerateDocs=true";
    static final int WIDTH = 100;

    static Path file() {
        return Path.of(System.getProperty("basedir", ".")).resolve("docs").resolve("cli.md");
    }

    /** The whole reference: a header, then one section per command in the order of the command tree. */
    static String render() {
        CommandLine root = Main.newCommandLine();
        StringBuilder md = new StringBuilder();
        md.append("# Command-line reference\n\n")
          .append("<!-- Generated from the picocli commands by CliReferenceTest; do not edit by hand.\n")
          .append("     Regenerate: ").append(REGENERATE).append(" -->\n\n")
          .append("Every command prints this with `--help`. Exit codes: 0 success, 1 failure, 2 usage error (bad flag,\n")
          .append("bad input file; the message names the file, field, value and what is allowed). `--verbose` adds\n")
          .append("stack traces. Task-oriented guides: [README](../README.md) and the pages in this folder.\n\n");
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        md.append("Commands: ");
        List<String> names = new ArrayList<>();
        for (CommandLine c : all) names.add("[`" + c.getCommandSpec().qualifiedName() + "`](#" + anchor(c) + ")");
        md.append(String.join(", ", names)).append(".\n");
        for (CommandLine c : all) {
            c.setUsageHelpWidth(WIDTH);
            c.setUsageHelpAutoWidth(false);
            md.append("\n## ").append(c.getCommandSpec().qualifiedName()).append("\n\n```text\n")
              .append(c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n");
        }
        return md.toString();
    }

    /** Depth first, skipping picocli's own {@code help} command and hidden commands. */
    static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommand() instanceof CommandLine.HelpCommand) continue;
            if (out.contains(sub)) continue; // aliases map to the same CommandLine
            collect(sub, out);
        }
    }

    /** GitHub's heading anchor of "## hass batch status". */
    static String anchor(CommandLine c) {
        return c.getCommandSpec().qualifiedName().toLowerCase().replace(' ', '-');
    }

    @Test
    void docsCliMdIsTheGeneratedReference() throws IOException {
        String expected = render();
        Path f = file();
        if (Boolean.getBoolean("hass.regenerateDocs")) {
            Files.createDirectories(f.getParent());
            Files.writeString(f, expected, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(f), f.toAbsolutePath() + " is missing; generate it with: " + REGENERATE);
        String actual = Files.readString(f, StandardCharsets.UTF_8);
        assertEquals(expected, actual, "docs/cli.md differs from the commands' --help; regenerate it with: " + REGENERATE);
    }

    @Test
    void everyCommandAndEveryVisibleOptionIsInTheReference() {
        String md = render();
        List<CommandLine> all = new ArrayList<>();
        collect(Main.newCommandLine(), all);
        assertTrue(all.size() >= 15, "commands found: " + all.size());
        for (CommandLine c : all) {
            String name = c.getCommandSpec().qualifiedName();
            assertTrue(md.contains("\n## " + name + "\n"), name);
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden()) continue;
                assertTrue(md.contains(o.longestName()), name + " " + o.longestName());
            }
        }
    }
}
