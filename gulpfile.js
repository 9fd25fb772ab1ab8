// Asset step of the build: tsc compiles the code, this copies the icons next to it in dist/.
const { src, dest } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
exports.default = copyIcons;
