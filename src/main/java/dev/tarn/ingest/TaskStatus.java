package dev.tarn.ingest;

/** The status of an append task; the wire knows only these two. */
public enum TaskStatus { PENDING, COMPLETED }
