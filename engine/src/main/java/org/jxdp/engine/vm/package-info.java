/**
 * Running programs: the memory model (region-tagged 64-bit addresses over byte arrays), the
 * per-worker execution context, the opcode semantics shared by every engine, the helper calling
 * convention, faults, and the interpreter.
 *
 * <p>It knows nothing of packets, capture or threads: an execution context is handed the
 * regions it needs (input bytes, later the XDP context and packet) by its caller, and each
 * worker thread owns its own context.
 */
package org.jxdp.engine.vm;
