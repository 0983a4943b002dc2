package dev.optimizer.examples.spring;

import java.io.Serializable;

/** A product row; serializable so the L2 (Redis) and L3 tiers can hold it. */
public record Product(long id, String name) implements Serializable {}
