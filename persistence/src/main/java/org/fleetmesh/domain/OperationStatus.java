package org.fleetmesh.domain;

/**
 * A long-running operation's status as stored; its monitor answers {@code InProgress} for the first two (ARM RPC's
 * operation status resource knows only that and the three that end it).
 */
public enum OperationStatus {
    Accepted, Running, Succeeded, Failed, Canceled;

    public boolean isTerminal() {
        return this == Succeeded || this == Failed || this == Canceled;
    }
}
