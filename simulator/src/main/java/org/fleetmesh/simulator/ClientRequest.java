package org.fleetmesh.simulator;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One request a simulated server answered a client: when it arrived (epoch milliseconds, the clock the service's log
 * uses, so that a benchmark can tell which step of an operation made it), what it was, and the bytes of its request
 * and response bodies (headers not counted).
 */
public record ClientRequest(long atEpochMilli, String method, String path, long requestBytes, long responseBytes) {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** POST, PUT, PATCH or DELETE; anything else (GET: reads, lists, watches) reads. */
    public boolean isWrite() {
        return WRITE_METHODS.contains(method);
    }

    /** What a set of requests cost their server: writes and reads, the bodies' bytes, and the writes by request. */
    public record Tally(int writes, int reads, long bytesWritten, long bytesRead, Map<String, Integer> writesByRequest) {

        public int calls() {
            return writes + reads;
        }
    }

    /** Counts {@code requests}; {@link Tally#writesByRequest()} is keyed by {@code "<METHOD> <path>"}, in path order. */
    public static Tally tally(Collection<ClientRequest> requests) {
        int writes = 0;
        long bytesWritten = 0;
        long bytesRead = 0;
        Map<String, Integer> writesByRequest = new TreeMap<>();
        for (ClientRequest request : requests) {
            if (request.isWrite()) {
                writes++;
                writesByRequest.merge(request.method() + " " + request.path(), 1, Integer::sum);
            }
            bytesWritten += request.requestBytes();
            bytesRead += request.responseBytes();
        }
        return new Tally(writes, requests.size() - writes, bytesWritten, bytesRead, writesByRequest);
    }
}
