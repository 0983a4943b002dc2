create table if not exists optimizer_example_products (id bigint primary key, name varchar(200) not null);
