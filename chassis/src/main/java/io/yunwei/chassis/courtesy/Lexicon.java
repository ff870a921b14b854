package io.yunwei.chassis.courtesy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Phrases of one language, read from a tab-separated file: {@code CATEGORY<TAB>phrase<TAB>suggestion}, or
 * {@code EXCEPT<TAB>longer word} for a word that contains a listed phrase but means something else
 * (不可能 is a definite "impossible", not the vague 可能). Lines starting with {@code #} are comments.
 */
record Lexicon(String language, boolean wordBoundaries, List<Entry> entries, List<String> exceptions) {

    static Lexicon read(String language, boolean wordBoundaries, InputStream in) {
        List<Entry> entries = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields[0].equals("EXCEPT") && fields.length >= 2) {
                    exceptions.add(normalise(fields[1], wordBoundaries));
                } else if (fields.length == 3) {
                    entries.add(new Entry(CourtesyCategory.valueOf(fields[0]), normalise(fields[1], wordBoundaries), fields[2]));
                } else {
                    throw new IllegalArgumentException("lexicon " + language + " line " + number
                            + ": expected CATEGORY<TAB>phrase<TAB>suggestion or EXCEPT<TAB>word");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Lexicon(language, wordBoundaries, List.copyOf(entries), List.copyOf(exceptions));
    }

    Lexicon plus(Lexicon more) {
        List<Entry> allEntries = new ArrayList<>(entries);
        allEntries.addAll(more.entries());
        List<String> allExceptions = new ArrayList<>(exceptions);
        allExceptions.addAll(more.exceptions());
        return new Lexicon(language, wordBoundaries, List.copyOf(allEntries), List.copyOf(allExceptions));
    }

    static String normalise(String phrase, boolean caseInsensitive) {
        return caseInsensitive ? phrase.toLowerCase(java.util.Locale.ROOT) : phrase;
    }

    record Entry(CourtesyCategory category, String phrase, String suggestion) {
    }
}
