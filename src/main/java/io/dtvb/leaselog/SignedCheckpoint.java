package io.dtvb.leaselog;

/** A checkpoint together with its signed note text (what is handed to auditors). */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {}
