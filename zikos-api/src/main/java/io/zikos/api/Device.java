package io.zikos.api;

/** Where a backend should run. */
public enum Device {
    /** CUDA when it can be loaded, CPU otherwise (logged). */
    AUTO,
    CPU,
    /** CUDA or fail. */
    CUDA
}
