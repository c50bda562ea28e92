// The esbuild options of every shipped bundle, in one place: the benchmark bundles the engine with
// these too, so it measures the code the product ships.
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
