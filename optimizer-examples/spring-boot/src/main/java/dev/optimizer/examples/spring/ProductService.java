package dev.optimizer.examples.spring;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The transaction boundary: a rename that fails validation rolls back, and the cache keeps its entry. */
@Service
public class ProductService {
  private final ProductRepository products;

  public ProductService(ProductRepository products) {
    this.products = products;
  }

  public Product find(long id) {
    return products.find(id);
  }

  @Transactional
  public Product rename(long id, String name) {
    products.rename(id, name);
    if (name.isBlank()) {
      throw new IllegalArgumentException("a product name must not be blank");
    }
    return new Product(id, name);
  }
}
