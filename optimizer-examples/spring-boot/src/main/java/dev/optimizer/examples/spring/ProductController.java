package dev.optimizer.examples.spring;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /products/{id}}, {@code PUT /products/{id}} with the new name as the body. */
@RestController
public class ProductController {
  private final ProductService service;

  public ProductController(ProductService service) {
    this.service = service;
  }

  @GetMapping("/products/{id}")
  public Product get(@PathVariable long id) {
    return service.find(id);
  }

  @PutMapping("/products/{id}")
  public Product rename(@PathVariable long id, @RequestBody String name) {
    return service.rename(id, name);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  @ResponseStatus(HttpStatus.BAD_REQUEST)
  public String badRequest(IllegalArgumentException e) {
    return e.getMessage();
  }
}
