package io.yunwei.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a part in a session of its own, so that the machine's cores are shared between the stack's processes before
 * their threads, as they are between containers in production, each with its CPU share. Linux's scheduler groups a
 * session's threads ({@code sched_autogroup}): in one session with the rest of the stack, a service restarted on a
 * busy machine got one thread's share among the busy threads of its neighbours catching up (a fifth of a core after a
 * broker outage: 43 s to readiness in the fault suite's "all together"); in its own it gets a process's (28 s). The
 * command runs in place ({@code setsid} forks only when the caller leads a process group, which a JVM's child does
 * not), so its process id is the part's. Where {@code setsid} is missing the command runs as it is.
 */
public final class OwnSession {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private OwnSession() {
    }

    /** {@code command}, started in a new session where the system can. */
    public static List<String> of(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> inSession = new ArrayList<>(command.size() + 1);
        inSession.add(SETSID.toString());
        inSession.addAll(command);
        return inSession;
    }
}
