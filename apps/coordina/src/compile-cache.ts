import module from 'node:module';

// Every process of the product (a service, a gateway, `coordina start`) loads the same few
// thousand modules: V8's code cache on disk (Node 22+) saves ~13% of that CPU at each start.
module.enableCompileCache?.();
