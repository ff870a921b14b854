package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every page speaks both languages: each message a template names is in the English and the Chinese bundle. */
class ConsoleMessagesTest {

    private static final Pattern NAMED = Pattern.compile("#\\{([A-Za-z0-9_.-]+)[(}]");

    @Test
    void everyMessageAPageNamesIsSaidInEnglishAndChinese() throws IOException {
        Properties english = load("messages.properties");
        Properties chinese = load("messages_zh.properties");
        Set<String> named = new TreeSet<>();
        try (Stream<Path> pages = Files.list(Path.of("src/main/resources/templates"))) {
            for (Path page : pages.toList()) {
                Matcher key = NAMED.matcher(Files.readString(page));
                while (key.find()) {
                    named.add(key.group(1));
                }
            }
        }

        assertThat(named).contains("visit.signed", "portal.answered", "queue.full");
        assertThat(named.stream().filter(key -> !english.containsKey(key))).as("missing in English").isEmpty();
        assertThat(named.stream().filter(key -> !chinese.containsKey(key))).as("missing in Chinese").isEmpty();
        assertThat(new TreeSet<>(chinese.stringPropertyNames())).isEqualTo(new TreeSet<>(english.stringPropertyNames()));
    }

    private static Properties load(String bundle) throws IOException {
        Properties messages = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources", bundle), StandardCharsets.UTF_8)) {
            messages.load(in);
        }
        return messages;
    }
}
