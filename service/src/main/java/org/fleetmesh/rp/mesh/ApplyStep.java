package org.fleetmesh.rp.mesh;

/**
 * The apply's steps in the order they run, each named after the state it ensures across all members. The names are
 * the operation's persisted checkpoints: an operation that a replica takes over resumes after the last one it
 * recorded, so they must never change.
 */
enum ApplyStep {
    membershipPlanned,
    prerequisitesChecked,
    certificatesIssued,
    apiServersExposed,
    peersConfigured,
    agentsRestarted,
    departedMembersDisconnected,
    meshVerified,
    rolledOverCertificatesDelivered,
    previousAuthorityRetired;

    /** How many steps the apply has, the total its progress is reported against. */
    static final int COUNT = values().length;

    /**
     * The logger every class of the apply writes to: its lines keep the one logger name they have always had, whichever
     * class carries out the step.
     */
    static final String LOGGER = "org.fleetmesh.rp.mesh.ClusterMeshApply";
}
