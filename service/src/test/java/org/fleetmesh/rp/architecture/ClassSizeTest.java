package org.fleetmesh.rp.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A class a newcomer can read in one sitting: no source file of the service holds more than {@value #MAX_LINES}
 * lines (issue 18). A longer one has two jobs in it; split it along the seam between them. ArchUnit sees bytecode,
 * not lines, so this reads the sources. The generated wire models live in the api-spec module and are not counted.
 */
class ClassSizeTest {

    static final int MAX_LINES = 300;
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void noClassInTheServiceSourcesIsLongerThan300Lines() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> new Length(SOURCES.relativize(file), lines(file)))
                    .filter(length -> length.lines() > MAX_LINES)
                    .sorted((a, b) -> Long.compare(b.lines(), a.lines()))
                    .map(Length::toString).toList();
        }
        assertThat(offenders).as("source files over %d lines: split each along the seam between its jobs", MAX_LINES)
                .isEmpty();
    }

    @Test
    void theLimitIsCheckedAgainstTheServiceSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertThat(files.filter(file -> file.toString().endsWith(".java")).count())
                    .as("java files under %s (the test runs in the service module)", SOURCES.toAbsolutePath())
                    .isGreaterThan(100);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Length(Path file, long lines) {

        @Override
        public String toString() {
            return file + " (" + lines + " lines)";
        }
    }
}
