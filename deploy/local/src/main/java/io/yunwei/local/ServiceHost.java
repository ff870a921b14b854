package io.yunwei.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Runs several Spring Boot services in one JVM, each as its own application context on its own port, with its own
 * configuration, database and topics, exactly as it runs alone. The libraries every hosted service uses (Spring,
 * Tomcat, the MongoDB and Kafka clients, Jackson, Micrometer, the chassis) are loaded once, by a class loader they
 * share; each service's own classes, resources and remaining libraries by a class loader of its own above it. So
 * the JIT compiles the framework once for all of them and one heap serves them all, where separate JVMs on a small
 * machine each paid for their own warm-up.
 *
 * <p>Arguments: {@code <work dir> -- <exec jar> [its arguments…] -- <exec jar> [its arguments…] …}. Each exec jar
 * is unpacked under the work dir (again only when the jar changed). If any service fails to start, the host exits
 * with status 1.
 */
public final class ServiceHost {

    private static final String SEPARATOR = "--";

    private ServiceHost() {
    }

    record App(Path jar, List<String> args) {

        /** The module's name: {@code intake-service} of {@code intake-service-0.1.0-SNAPSHOT-exec.jar}. */
        String name() {
            return jar.getFileName().toString().replaceFirst("(-\\d[^-]*)?(-SNAPSHOT)?(-exec)?\\.jar$", "");
        }
    }

    record Unpacked(App app, String mainClass, Path classes, Map<String, Path> libs) {
    }

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(args[0]);
        List<App> apps = parse(Arrays.asList(args).subList(1, args.length));
        List<Unpacked> unpacked = new ArrayList<>();
        for (App app : apps) {
            unpacked.add(unpack(app, workDir.resolve(app.name())));
        }
        Set<String> shared = sharedLibraries(unpacked);
        var sharedLoader = new URLClassLoader("services-shared", urls(unpacked.getFirst().libs().entrySet().stream()
                .filter(lib -> shared.contains(lib.getKey())).map(Map.Entry::getValue).toList()),
                ClassLoader.getPlatformClassLoader());
        System.out.printf("hosting %d services; %d libraries shared, loaded once%n", unpacked.size(), shared.size());
        var started = new CountDownLatch(unpacked.size());
        for (Unpacked service : unpacked) {
            List<Path> own = new ArrayList<>(List.of(service.classes()));
            service.libs().forEach((name, path) -> {
                if (!shared.contains(name)) {
                    own.add(path);
                }
            });
            var loader = new URLClassLoader(service.app().name(), urls(own), sharedLoader);
            Thread thread = new Thread(() -> run(service, loader, started), service.app().name() + "-main");
            thread.setContextClassLoader(loader);
            thread.start();
        }
        started.await();
        System.out.println("every hosted service started");
    }

    private static void run(Unpacked service, ClassLoader loader, CountDownLatch started) {
        try {
            Class.forName(service.mainClass(), true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) service.app().args().toArray(String[]::new));
            started.countDown();
        } catch (InvocationTargetException e) {
            fail(service, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            fail(service, e);
        }
    }

    private static void fail(Unpacked service, Throwable cause) {
        System.err.println(service.app().name() + " failed to start: " + cause);
        cause.printStackTrace();
        // one service down leaves the host of no use; the launcher reports it from this process' exit
        Runtime.getRuntime().halt(1);
    }

    static List<App> parse(List<String> args) {
        if (args.isEmpty() || !args.getFirst().equals(SEPARATOR)) {
            throw new IllegalArgumentException("usage: ServiceHost <work dir> -- <exec jar> [args…] [-- <exec jar> …]");
        }
        List<App> apps = new ArrayList<>();
        List<String> current = null;
        for (String arg : args) {
            if (arg.equals(SEPARATOR)) {
                current = new ArrayList<>();
                continue;
            }
            if (current.isEmpty()) {
                apps.add(new App(Path.of(arg), current));
            }
            current.add(arg);
        }
        return apps.stream().map(app -> new App(app.jar(), List.copyOf(app.args().subList(1, app.args().size()))))
                .toList();
    }

    /**
     * Library file names that every hosted service has, with the same size: one version, shared. A snapshot of this
     * repository's own modules (the chassis) that differs between services means their jars were built at different
     * times; hosting them so would load two chassis beside one Spring, which fails in obscure ways, so it is refused.
     */
    static Set<String> sharedLibraries(List<Unpacked> services) {
        Map<String, Long> first = sizes(services.getFirst().libs());
        List<Map<String, Long>> all = services.stream().map(s -> sizes(s.libs())).toList();
        Set<String> shared = new TreeSet<>();
        for (String name : first.keySet()) {
            boolean everywhere = all.stream().allMatch(sizes -> sizes.containsKey(name));
            boolean same = all.stream().allMatch(sizes -> first.get(name).equals(sizes.get(name)));
            if (everywhere && !same && name.contains("-SNAPSHOT")) {
                throw new IllegalStateException(name + " differs between the services' exec jars, which were built "
                        + "at different times; build them together: ./mvnw -B -DskipTests package");
            }
            if (same) {
                shared.add(name);
            }
        }
        return shared;
    }

    private static Map<String, Long> sizes(Map<String, Path> libs) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        libs.forEach((name, path) -> {
            try {
                sizes.put(name, Files.size(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return sizes;
    }

    /**
     * Unpacks a Spring Boot exec jar: {@code BOOT-INF/classes} to {@code classes/}, each {@code BOOT-INF/lib} jar to
     * {@code lib/}; the jar's size and time in a stamp file tell a later start whether to do it again.
     */
    static Unpacked unpack(App app, Path dir) throws IOException {
        Path stamp = dir.resolve(".unpacked-from");
        String identity = app.jar().toAbsolutePath() + " " + Files.size(app.jar()) + " "
                + Files.getLastModifiedTime(app.jar()).toMillis();
        String mainClass;
        try (JarFile jar = new JarFile(app.jar().toFile())) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Start-Class");
            if (mainClass == null) {
                throw new IllegalArgumentException(app.jar() + " is not a Spring Boot exec jar (no Start-Class)");
            }
            if (!Files.exists(stamp) || !Files.readString(stamp).equals(identity)) {
                delete(dir);
                for (JarEntry entry : jar.stream().filter(e -> !e.isDirectory()).toList()) {
                    Path target = target(dir, entry.getName());
                    if (target != null) {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = jar.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
                Files.createDirectories(dir.resolve("classes"));
                Files.writeString(stamp, identity);
            }
        }
        Map<String, Path> libs = new LinkedHashMap<>();
        Path lib = dir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.sorted().forEach(path -> libs.put(path.getFileName().toString(), path));
            }
        }
        return new Unpacked(app, mainClass, dir.resolve("classes"), libs);
    }

    private static Path target(Path dir, String entry) {
        if (entry.startsWith("BOOT-INF/classes/")) {
            return safe(dir.resolve("classes"), entry.substring("BOOT-INF/classes/".length()));
        }
        if (entry.startsWith("BOOT-INF/lib/") && entry.endsWith(".jar")) {
            return safe(dir.resolve("lib"), entry.substring("BOOT-INF/lib/".length()));
        }
        return null;
    }

    private static Path safe(Path root, String relative) {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("entry outside its folder: " + relative);
        }
        return target;
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static URL[] urls(List<Path> paths) {
        return paths.stream().map(path -> {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(path.toString(), e);
            }
        }).toArray(URL[]::new);
    }
}
