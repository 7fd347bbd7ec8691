"""Files for slides, the web and patients: glTF (.glb) scenes, turntable movies, handouts for patients."""
