// The browser editor at /admin/: Sveltia CMS from npm, bundled by esbuild with every file it
// loads (fonts, code chunks, WebAssembly), so that the page needs nothing from another host.
// It reads its configuration from config.yml beside the page, which the build generates from
// the schema the loaders validate with (katalog/cms_config.py).
import CMS from '@sveltia/cms';

CMS.init();
