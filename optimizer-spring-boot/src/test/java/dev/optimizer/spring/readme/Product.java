package dev.optimizer.spring.readme;

import java.io.Serializable;

/** The example application's product row. */
public record Product(long id, String name) implements Serializable {}
