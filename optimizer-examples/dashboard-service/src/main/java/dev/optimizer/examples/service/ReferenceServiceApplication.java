package dev.optimizer.examples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The reference service of issue 17: a dashboard backend over PostgreSQL and Redis whose slow paths the
 * optimizer's annotations fix. Start it with {@code optimizer.enabled=false} to run the same code without
 * the library.
 */
@SpringBootApplication
public class ReferenceServiceApplication {
  public static void main(String[] args) {
    ReferenceDatabase.ensureExists(args);
    SpringApplication.run(ReferenceServiceApplication.class, args);
  }
}
