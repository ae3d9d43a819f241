#!/usr/bin/env bash
# Shipped size of the page: the wasm core, its JS glue, our ES modules (not the benchmark's:
# bench/ and www/shared/gpu/bench.js), CSS and the chart library, raw and gzipped (gzip -9), as a
# markdown table; then TensorFlow.js 4.22.0's bundles per backend (from node_modules), for
# comparison.
# Run after scripts/build-web.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
row() { # name, files…
  local name=$1; shift
  local raw gz
  raw=$(cat "$@" | wc -c)
  gz=$(cat "$@" | gzip -9 | wc -c)
  printf "| %s | %s | %s |\n" "$name" "$raw" "$gz"
}
echo "| part | bytes | gzipped |"
echo "|---|---:|---:|"
row "wasm core (pkg/gradlab_bg.wasm)" pkg/gradlab_bg.wasm
row "wasm-bindgen JS glue (pkg/gradlab.js)" pkg/gradlab.js
row "lite wasm core, the playground's first download (pkg/lite/gradlab_bg.wasm)" pkg/lite/gradlab_bg.wasm
row "its JS glue (pkg/lite/gradlab.js)" pkg/lite/gradlab.js
mapfile -t ours < <(ls www/*.js www/*/*.js www/shared/gpu/*.js | grep -v -e '^www/vendor/' -e '/gpu/bench\.js$')
row "our ES modules (www/**/*.js, ${#ours[@]} files)" "${ours[@]}"
row "CSS (www/shared/style.css)" www/shared/style.css
row "chart library (uPlot, www/vendor)" www/vendor/uPlot.esm.js www/vendor/uPlot.min.css
row "all of the above" pkg/gradlab_bg.wasm pkg/lite/gradlab_bg.wasm pkg/lite/gradlab.js pkg/gradlab.js "${ours[@]}" www/shared/style.css www/vendor/uPlot.esm.js www/vendor/uPlot.min.css

tf=node_modules/@tensorflow
[ -d "$tf/tfjs-core" ] || exit 0
echo
echo "| TensorFlow.js 4.22.0 (minified bundles from npm) | bytes | gzipped |"
echo "|---|---:|---:|"
core=$tf/tfjs-core/dist/tf-core.min.js
row "tf-core.min.js + tf-backend-cpu.min.js" "$core" $tf/tfjs-backend-cpu/dist/tf-backend-cpu.min.js
row "tf-core.min.js + tf-backend-wasm.min.js + tfjs-backend-wasm-simd.wasm (the .wasm a browser fetches without cross-origin isolation)" "$core" $tf/tfjs-backend-wasm/dist/tf-backend-wasm.min.js $tf/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm
row "tf-core.min.js + tf-backend-wasm.min.js + all three .wasm files" "$core" $tf/tfjs-backend-wasm/dist/tf-backend-wasm.min.js $tf/tfjs-backend-wasm/dist/*.wasm
row "tf-core.min.js + tf-backend-webgpu.min.js" "$core" $tf/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js
if [ -f $tf/tfjs/dist/tf.min.js ]; then
  row "tf.min.js (union bundle: core with gradients, layers, converter, cpu and webgl backends)" $tf/tfjs/dist/tf.min.js
fi
