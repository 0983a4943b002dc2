package dev.optimizer.compress;

/**
 * What a frame's header says.
 *
 * @param algorithm the algorithm that compressed it
 * @param level the level it was compressed at
 * @param originalLength the original size in bytes, or -1 for a stream frame (known only at its end)
 * @param frameLength the frame's size in bytes
 * @param blocks the number of independent blocks (1 for a single frame, chunks unknown for streams: 0)
 */
public record FrameInfo(Algorithm algorithm, Level level, long originalLength, int frameLength, int blocks) {}
