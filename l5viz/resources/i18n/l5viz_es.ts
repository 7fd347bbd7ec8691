<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About l5viz</source>
        <translation>Acerca de l5viz</translation>
    </message>
    <message>
        <source>The L5 nerve root in 3D.</source>
        <translation>La raíz nerviosa L5 en 3D.</translation>
    </message>
    <message>
        <source>For education, not diagnosis.</source>
        <translation>Para la enseñanza, no para el diagnóstico.</translation>
    </message>
    <message>
        <source>Not a medical device: not for the diagnosis or treatment of any patient.</source>
        <translation>No es un producto sanitario: no sirve para el diagnóstico ni para el tratamiento de ningún paciente.</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Créditos</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>Licencias</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>Numbers and clinical statements in l5viz cite their sources (the Sources tab); a modelling choice is labelled as one.</source>
        <translation>Las cifras y las afirmaciones clínicas de l5viz citan sus fuentes (pestaña Fuentes); una decisión de modelado se señala como tal.</translation>
    </message>
    <message>
        <source>l5viz holds no patient data and makes no network connections; its MRI and CT images are synthetic, made from the model.</source>
        <translation>l5viz no guarda datos de pacientes ni establece conexiones de red; sus imágenes de RM y TC son sintéticas, generadas a partir del modelo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Built on&lt;/b&gt; (the libraries l5viz needs directly, with their licences as stated in each package&apos;s metadata; Qt for Python is used as a separate package the user can replace)</source>
        <translation>&lt;b&gt;Construido sobre&lt;/b&gt; (las bibliotecas que l5viz necesita directamente, con sus licencias tal como figuran en los metadatos de cada paquete; Qt for Python se usa como un paquete independiente que el usuario puede sustituir)</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Biblioteca</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <source>Python {version} on {platform}.</source>
        <translation>Python {version} en {platform}.</translation>
    </message>
    <message>
        <source>(the notice file is missing from this installation)</source>
        <translation>(falta el archivo del aviso en esta instalación)</translation>
    </message>
</context>
<context>
    <name>Access</name>
    <message>
        <source>{description} Keys: {keys}.</source>
        <translation>{description} Teclas: {keys}.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>l5viz could not create an OpenGL view ({reason}).
The 3D window needs a desktop with OpenGL 3.2 or later; software rendering (Mesa llvmpipe) is enough.
Without one, figures still work: l5viz render --view reset --out figure.png</source>
        <translation>l5viz no pudo crear una vista OpenGL ({reason}).
La ventana 3D necesita un escritorio con OpenGL 3.2 o posterior; basta con el renderizado por software (Mesa llvmpipe).
Sin él, las figuras siguen funcionando: l5viz render --view reset --out figure.png</translation>
    </message>
    <message>
        <source>l5viz could not open its window ({reason}).</source>
        <translation>l5viz no pudo abrir su ventana ({reason}).</translation>
    </message>
    <message>
        <source>no OpenGL context could be created on this display</source>
        <translation>no se pudo crear ningún contexto OpenGL en esta pantalla</translation>
    </message>
    <message>
        <source>OpenGL {found} found, {needed} or later is needed</source>
        <translation>se encontró OpenGL {found}; se necesita {needed} o posterior</translation>
    </message>
    <message>
        <source>l5viz cannot start</source>
        <translation>l5viz no puede iniciarse</translation>
    </message>
</context>
<context>
    <name>BedsidePanel</name>
    <message>
        <source>Healthy spine</source>
        <translation>Columna sana</translation>
    </message>
    <message>
        <source>Print a handout…</source>
        <translation>Imprimir una hoja para llevar…</translation>
    </message>
    <message>
        <source>From an MRI report…</source>
        <translation>Desde un informe de resonancia…</translation>
    </message>
    <message>
        <source>Your lower back</source>
        <translation>La parte baja de su espalda</translation>
    </message>
    <message>
        <source>For education, not diagnosis.</source>
        <translation>Para la enseñanza, no para el diagnóstico.</translation>
    </message>
    <message>
        <source>Pick what the scan report says to see it on the model.</source>
        <translation>Elija lo que dice el informe de su resonancia para verlo en el modelo.</translation>
    </message>
</context>
<context>
    <name>BodyPanel</name>
    <message>
        <source>Whole body</source>
        <translation>Cuerpo entero</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Espalda</translation>
    </message>
    <message>
        <source>Front</source>
        <translation>Delante</translation>
    </message>
    <message>
        <source>Behind</source>
        <translation>Detrás</translation>
    </message>
    <message>
        <source>Left leg</source>
        <translation>Pierna izquierda</translation>
    </message>
    <message>
        <source>Right leg</source>
        <translation>Pierna derecha</translation>
    </message>
    <message>
        <source>Feet</source>
        <translation>Pies</translation>
    </message>
    <message>
        <source>Lee, McPhee &amp; Stringer 2008 (evidence-based)</source>
        <translation>Lee, McPhee &amp; Stringer 2008 (basado en la evidencia)</translation>
    </message>
    <message>
        <source>Show all dermatomes (legend)</source>
        <translation>Mostrar todos los dermatomas (leyenda)</translation>
    </message>
    <message>
        <source>Compare: fibular nerve territories</source>
        <translation>Comparar: territorios del nervio peroneo</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Key L5 muscles</source>
        <translation>Músculos clave de L5</translation>
    </message>
    <message>
        <source>L5 radiculopathy</source>
        <translation>Radiculopatía L5</translation>
    </message>
    <message>
        <source>Fibular neuropathy</source>
        <translation>Neuropatía del peroneo</translation>
    </message>
    <message>
        <source>On the body, &lt;i&gt;Compare&lt;/i&gt; colours the deep (first web space) and superficial (lower lateral leg, dorsum) fibular territories; the L5 dermatome covers both and more.</source>
        <translation>En el cuerpo, &lt;i&gt;Comparar&lt;/i&gt; colorea los territorios del peroneo profundo (primer espacio interdigital) y superficial (cara lateral de la pierna, dorso del pie); el dermatoma L5 abarca ambos y más.</translation>
    </message>
</context>
<context>
    <name>Choice</name>
    <message>
        <source>central</source>
        <translation>central</translation>
    </message>
    <message>
        <source>subarticular</source>
        <translation>subarticular</translation>
    </message>
    <message>
        <source>foraminal</source>
        <translation>foraminal</translation>
    </message>
    <message>
        <source>extraforaminal</source>
        <translation>extraforaminal</translation>
    </message>
    <message>
        <source>bulge</source>
        <translation>abombamiento discal</translation>
    </message>
    <message>
        <source>protrusion</source>
        <translation>protrusión</translation>
    </message>
    <message>
        <source>extrusion</source>
        <translation>extrusión</translation>
    </message>
    <message>
        <source>sequestration</source>
        <translation>secuestro</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>cranial</source>
        <translation>craneal</translation>
    </message>
    <message>
        <source>caudal</source>
        <translation>caudal</translation>
    </message>
    <message>
        <source>isthmic</source>
        <translation>ístmica</translation>
    </message>
    <message>
        <source>degenerative</source>
        <translation>degenerativa</translation>
    </message>
    <message>
        <source>lateral-recess</source>
        <translation>receso lateral</translation>
    </message>
    <message>
        <source>conservative</source>
        <translation>tratamiento conservador</translation>
    </message>
    <message>
        <source>foraminotomy</source>
        <translation>foraminotomía</translation>
    </message>
    <message>
        <source>fusion</source>
        <translation>artrodesis</translation>
    </message>
    <message>
        <source>laminectomy</source>
        <translation>laminectomía</translation>
    </message>
    <message>
        <source>microdiscectomy</source>
        <translation>microdiscectomía</translation>
    </message>
    <message>
        <source>tfesi</source>
        <translation>infiltración epidural transforaminal de corticoides</translation>
    </message>
    <message>
        <source>left</source>
        <translation>izquierdo</translation>
    </message>
    <message>
        <source>right</source>
        <translation>derecho</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>3D view</source>
        <translation>Vista 3D</translation>
    </message>
    <message>
        <source>The spine in 3D (and the body beside it): click or press S to select a structure.</source>
        <translation>La columna en 3D (y el cuerpo a su lado): haga clic o pulse S para seleccionar una estructura.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Explore, Lecture, Bedside or Self-study: what the window shows and how it speaks.</source>
        <translation>Explorar, Clase, A pie de cama o Autoestudio: lo que muestra la ventana y cómo se expresa.</translation>
    </message>
    <message>
        <source>Structures</source>
        <translation>Estructuras</translation>
    </message>
    <message>
        <source>The structures by group. Space ticks one to show or hide it; the current one is selected in the 3D view and described in Info.</source>
        <translation>Las estructuras por grupos. La barra espaciadora marca una para mostrarla u ocultarla; la actual se selecciona en la vista 3D y se describe en Información.</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <source>How solid the selected structure or group is drawn, from clear to solid.</source>
        <translation>Con qué opacidad se dibuja la estructura o el grupo seleccionados, de transparente a opaco.</translation>
    </message>
    <message>
        <source>Isolate</source>
        <translation>Aislar</translation>
    </message>
    <message>
        <source>Show only the selected structure or group.</source>
        <translation>Mostrar solo la estructura o el grupo seleccionados.</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Mostrar todo</translation>
    </message>
    <message>
        <source>Show every structure.</source>
        <translation>Mostrar todas las estructuras.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Pages of details: information, pathology, correlation, treatment, body, lesson, bedside, report and quiz.</source>
        <translation>Páginas de detalles: información, patología, correlación, tratamiento, cuerpo, lección, a pie de cama, informe y cuestionario.</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>What the selected structure is, its names and its sources.</source>
        <translation>Qué es la estructura seleccionada, sus nombres y sus fuentes.</translation>
    </message>
    <message>
        <source>Show the lesion</source>
        <translation>Mostrar la lesión</translation>
    </message>
    <message>
        <source>Turn the camera to the best view of the active lesion.</source>
        <translation>Girar la cámara hacia la mejor vista de la lesión activa.</translation>
    </message>
    <message>
        <source>Correlation</source>
        <translation>Correlación</translation>
    </message>
    <message>
        <source>Which roots the lesions compress, why, and what a clinician would expect to find.</source>
        <translation>Qué raíces comprimen las lesiones, por qué y qué esperaría encontrar un clínico.</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Tratamiento</translation>
    </message>
    <message>
        <source>The treatments in the scene: their steps, and what they changed, measured on the model.</source>
        <translation>Los tratamientos de la escena: sus pasos y lo que cambiaron, medido en el modelo.</translation>
    </message>
    <message>
        <source>Dermatome map</source>
        <translation>Mapa de dermatomas</translation>
    </message>
    <message>
        <source>Which published dermatome map shades the body.</source>
        <translation>Qué mapa de dermatomas publicado sombrea el cuerpo.</translation>
    </message>
    <message>
        <source>Show all dermatomes</source>
        <translation>Mostrar todos los dermatomas</translation>
    </message>
    <message>
        <source>Colour every dermatome on the body, with a legend.</source>
        <translation>Colorear todos los dermatomas en el cuerpo, con una leyenda.</translation>
    </message>
    <message>
        <source>Compare the fibular nerve&apos;s territories</source>
        <translation>Comparar los territorios del nervio peroneo</translation>
    </message>
    <message>
        <source>Colour the fibular nerve&apos;s skin territories on the body, to compare them with the L5 dermatome.</source>
        <translation>Colorear en el cuerpo los territorios cutáneos del nervio peroneo, para compararlos con el dermatoma L5.</translation>
    </message>
    <message>
        <source>Body notes</source>
        <translation>Notas sobre el cuerpo</translation>
    </message>
    <message>
        <source>What the shading on the body means, the key L5 muscles, and how an L5 root problem differs from a fibular nerve palsy.</source>
        <translation>Qué significa el sombreado del cuerpo, los músculos clave de L5 y en qué se diferencia una afectación de la raíz L5 de una parálisis del nervio peroneo.</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lección</translation>
    </message>
    <message>
        <source>Which lesson to teach.</source>
        <translation>Qué lección impartir.</translation>
    </message>
    <message>
        <source>Start lesson</source>
        <translation>Iniciar la lección</translation>
    </message>
    <message>
        <source>Start the chosen lesson at its first step.</source>
        <translation>Iniciar la lección elegida en su primer paso.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>The lesson&apos;s previous step.</source>
        <translation>El paso anterior de la lección.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>The lesson&apos;s next step.</source>
        <translation>El paso siguiente de la lección.</translation>
    </message>
    <message>
        <source>Lesson caption</source>
        <translation>Texto de la lección</translation>
    </message>
    <message>
        <source>The title, caption and sources of the step shown.</source>
        <translation>El título, el texto y las fuentes del paso mostrado.</translation>
    </message>
    <message>
        <source>Healthy spine</source>
        <translation>Columna sana</translation>
    </message>
    <message>
        <source>Show the spine without any finding.</source>
        <translation>Mostrar la columna sin ningún hallazgo.</translation>
    </message>
    <message>
        <source>Print a handout</source>
        <translation>Imprimir una hoja para llevar</translation>
    </message>
    <message>
        <source>Save a handout for the patient, as PDF or PNG.</source>
        <translation>Guardar una hoja informativa para el paciente, en PDF o PNG.</translation>
    </message>
    <message>
        <source>Save a handout of the report&apos;s findings for the patient.</source>
        <translation>Guardar una hoja informativa con los hallazgos del informe para el paciente.</translation>
    </message>
    <message>
        <source>From an MRI report</source>
        <translation>Desde un informe de resonancia</translation>
    </message>
    <message>
        <source>Paste or open an MRI report and show its findings on the model.</source>
        <translation>Pegar o abrir un informe de resonancia y mostrar sus hallazgos en el modelo.</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Qué significa</translation>
    </message>
    <message>
        <source>The finding in plain words, when to get help at once, and the notice.</source>
        <translation>El hallazgo en palabras sencillas, cuándo pedir ayuda enseguida y el aviso.</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Whether the answer was right, why, and the sources.</source>
        <translation>Si la respuesta fue correcta, por qué y las fuentes.</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Siguiente pregunta</translation>
    </message>
    <message>
        <source>Ask the next question.</source>
        <translation>Hacer la siguiente pregunta.</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Empezar de nuevo</translation>
    </message>
    <message>
        <source>Clear the score and ask the questions from the first.</source>
        <translation>Borrar la puntuación y volver a hacer las preguntas desde la primera.</translation>
    </message>
    <message>
        <source>Ask an image question</source>
        <translation>Hacer una pregunta de imagen</translation>
    </message>
    <message>
        <source>A question on a synthetic MRI slice, made from the seed.</source>
        <translation>Una pregunta sobre un corte de RM sintética, generada a partir de la semilla.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>The same seed asks the same image question again: hand it to a colleague.</source>
        <translation>La misma semilla vuelve a hacer la misma pregunta de imagen: compártala con un colega.</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>Texto del informe</translation>
    </message>
    <message>
        <source>Paste or type an MRI report here, then read it.</source>
        <translation>Pegue o escriba aquí un informe de resonancia y después léalo.</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Leer</translation>
    </message>
    <message>
        <source>Read the report and show its findings on the model.</source>
        <translation>Leer el informe y mostrar sus hallazgos en el modelo.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <source>Show the report&apos;s text again, to change it.</source>
        <translation>Mostrar de nuevo el texto del informe, para cambiarlo.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Read a report from a text file.</source>
        <translation>Leer un informe desde un archivo de texto.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear the report and take its findings off the model.</source>
        <translation>Borrar el informe y quitar sus hallazgos del modelo.</translation>
    </message>
    <message>
        <source>Handout</source>
        <translation>Hoja informativa</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Hallazgos</translation>
    </message>
    <message>
        <source>Each finding the report names; a ticked one is shown on the model.</source>
        <translation>Cada hallazgo que nombra el informe; uno marcado se muestra en el modelo.</translation>
    </message>
    <message>
        <source>The report explained</source>
        <translation>El informe explicado</translation>
    </message>
    <message>
        <source>The report with each phrase marked by what became of it, and each finding in plain words.</source>
        <translation>El informe con cada frase marcada según lo que se hizo con ella, y cada hallazgo en palabras sencillas.</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serie</translation>
    </message>
    <message>
        <source>Which synthetic series: sagittal T2 and T1, parasagittal T1 through each side&apos;s foramina, axial T2 and CT at each disc.</source>
        <translation>Qué serie sintética: sagital T2 y T1, parasagital T1 a través de los forámenes de cada lado, axial T2 y TC en cada disco.</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Corte</translation>
    </message>
    <message>
        <source>Which slice of the series is shown.</source>
        <translation>Qué corte de la serie se muestra.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>How the grey values are shown: the scanner&apos;s window, or the bone or soft-tissue window of CT.</source>
        <translation>Cómo se muestran los valores de gris: la ventana del equipo, o la ventana ósea o de partes blandas de la TC.</translation>
    </message>
    <message>
        <source>Synthetic image</source>
        <translation>Imagen sintética</translation>
    </message>
    <message>
        <source>One slice of the synthetic MRI or CT, with its orientation letters; made from the model, not from a patient.</source>
        <translation>Un corte de la RM o la TC sintéticas, con sus letras de orientación; generado a partir del modelo, no de un paciente.</translation>
    </message>
    <message>
        <source>Save PNG</source>
        <translation>Guardar PNG</translation>
    </message>
    <message>
        <source>Save the slice shown as a PNG picture.</source>
        <translation>Guardar el corte mostrado como imagen PNG.</translation>
    </message>
    <message>
        <source>Export DICOM</source>
        <translation>Exportar DICOM</translation>
    </message>
    <message>
        <source>Export the series as DICOM files.</source>
        <translation>Exportar la serie como archivos DICOM.</translation>
    </message>
    <message>
        <source>Details pages</source>
        <translation>Páginas de detalles</translation>
    </message>
    <message>
        <source>Choose a page with the arrow keys.</source>
        <translation>Elija una página con las teclas de flecha.</translation>
    </message>
    <message>
        <source>Pathology</source>
        <translation>Patología</translation>
    </message>
    <message>
        <source>The lesions and treatments that can be added to the model, one group of controls each.</source>
        <translation>Las lesiones y los tratamientos que se pueden añadir al modelo, con un grupo de controles para cada uno.</translation>
    </message>
</context>
<context>
    <name>Credit</name>
    <message>
        <source>Bones (L1 to L5, the sacrum, the hip bones) and discs: meshes of the ArtiSynth lumbosacral spine model (Remus et al. 2021, PLoS ONE 16(4): e0250456; BSD 3-Clause licence, copyright (c) 2021 Robin Remus), built from the Male Visible Human data set, courtesy of the U.S. National Library of Medicine. Body skin: the MakeHuman base mesh (makehumancommunity.org), CC0 1.0. Everything else (the thecal sac, the nerve roots and their ganglia, the nerves of the leg, the ligaments, the joint capsules, the fat and the muscles) is l5viz&apos;s own modelling, drawn by its authors and fitted to that bone and skin, not segmented from a scan, under l5viz&apos;s MIT licence.</source>
        <translation>Huesos (de L1 a L5, el sacro, los huesos coxales) y discos: mallas del modelo de columna lumbosacra de ArtiSynth (Remus et al. 2021, PLoS ONE 16(4): e0250456; licencia BSD 3-Clause, copyright (c) 2021 Robin Remus), construido a partir del conjunto de datos Male Visible Human, por cortesía de la U.S. National Library of Medicine. Piel del cuerpo: la malla base de MakeHuman (makehumancommunity.org), CC0 1.0. Todo lo demás (el saco tecal, las raíces nerviosas y sus ganglios, los nervios de la pierna, los ligamentos, las cápsulas articulares, la grasa y los músculos) es modelado propio de l5viz, dibujado por sus autores y ajustado a esos huesos y a esa piel, no segmentado a partir de una exploración, bajo la licencia MIT de l5viz.</translation>
    </message>
    <message>
        <source>Bones and discs: Visible Human / ArtiSynth (BSD-3-Clause)</source>
        <translation>Huesos y discos: Visible Human / ArtiSynth (BSD-3-Clause)</translation>
    </message>
    <message>
        <source>Body skin: MakeHuman (CC0 1.0)</source>
        <translation>Piel del cuerpo: MakeHuman (CC0 1.0)</translation>
    </message>
</context>
<context>
    <name>ExceptionHook</name>
    <message>
        <source>l5viz met an error and carried on</source>
        <translation>l5viz encontró un error y siguió funcionando</translation>
    </message>
    <message>
        <source>Something went wrong, and l5viz carried on. What you just did may not have finished: if the view looks wrong, do that step again or reset the view (key 0). Your saved sessions and quiz progress are safe.</source>
        <translation>Algo salió mal y l5viz siguió funcionando. Puede que lo que acaba de hacer no haya terminado: si la vista no parece correcta, repita ese paso o restablezca la vista (tecla 0). Sus sesiones guardadas y su progreso en el cuestionario están a salvo.</translation>
    </message>
    <message>
        <source>({count} errors since l5viz started.)</source>
        <translation>({count} errores desde que se inició l5viz.)</translation>
    </message>
    <message>
        <source>The details are saved in {path}.</source>
        <translation>Los detalles se han guardado en {path}.</translation>
    </message>
    <message>
        <source>The details could not be saved (the user folder cannot be written).</source>
        <translation>No se pudieron guardar los detalles (no se puede escribir en la carpeta del usuario).</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Severity (model)</source>
        <translation>Gravedad (modelo)</translation>
    </message>
    <message>
        <source>No published grading exists for far-out compression: 0 none, 3 the nerve flattened</source>
        <translation>No hay una clasificación publicada para la compresión far-out: 0 ninguna, 3 el nervio aplanado</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>Migración</translation>
    </message>
    <message>
        <source>An extrusion or sequestration displaced up or down the canal (Fardon 2014)</source>
        <translation>Una extrusión o un secuestro desplazados hacia arriba o hacia abajo por el canal (Fardon 2014)</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Procedimiento</translation>
    </message>
    <message>
        <source>Weeks since onset</source>
        <translation>Semanas desde el inicio</translation>
    </message>
    <message>
        <source>Weeks of conservative care since the sciatica began</source>
        <translation>Semanas de tratamiento conservador desde el inicio de la ciática</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>How far through the procedure&apos;s steps: 0 before it, 1 done</source>
        <translation>Avance a lo largo de los pasos del procedimiento: 0 antes de empezar, 1 terminado</translation>
    </message>
    <message>
        <source>Grade (Meyerding)</source>
        <translation>Grado (Meyerding)</translation>
    </message>
    <message>
        <source>Grade 1 is a 12.5 % slip, 2 is 37.5 %, 3 is 62.5 %, 4 is 87.5 %: the middle of each grade; a degenerative slip goes to 2 (they rarely pass 30 %)</source>
        <translation>El grado 1 es un desplazamiento del 12.5 %, el 2 del 37.5 %, el 3 del 62.5 % y el 4 del 87.5 %: el centro de cada grado; una espondilolistesis degenerativa llega hasta el 2 (rara vez supera el 30 %)</translation>
    </message>
    <message>
        <source>Graded 0-3 on its own, it grows more than the grade does where it is higher (foraminal: 1 half the fat in its direction gone, 2 all of it, 3 pressing into the root; lateral recess and central canal: on their own grades&apos; scale, central 0-3 for A-D).</source>
        <translation>Graduada de 0 a 3 por sí sola, crece más de lo que indica el grado donde es mayor (foraminal: 1, falta la mitad de la grasa en su dirección; 2, toda; 3, presiona la raíz; receso lateral y canal central: en la escala de sus propios grados, central 0-3 para A-D).</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Localización</translation>
    </message>
    <message>
        <source>Lateral recess and central canal: at L4-L5, where they catch the traversing L5</source>
        <translation>Receso lateral y canal central: en L4-L5, donde atrapan la raíz L5 descendente</translation>
    </message>
    <message>
        <source>Grade (0-3)</source>
        <translation>Grado (0-3)</translation>
    </message>
    <message>
        <source>Foraminal: Lee 2010 grades, all its causes together; lateral recess: Bartynski &amp; Lin 2003 grades</source>
        <translation>Foraminal: grados de Lee 2010, con todas sus causas juntas; receso lateral: grados de Bartynski &amp; Lin 2003</translation>
    </message>
    <message>
        <source>Schizas grade</source>
        <translation>Grado de Schizas</translation>
    </message>
    <message>
        <source>Central canal: Schizas 2010 grades A (CSF round the rootlets) to D (no CSF, no fat behind)</source>
        <translation>Canal central: grados de Schizas 2010, de A (LCR alrededor de las raicillas) a D (sin LCR ni grasa posterior)</translation>
    </message>
    <message>
        <source>Disc height loss</source>
        <translation>Pérdida de altura discal</translation>
    </message>
    <message>
        <source>The pedicle above comes down as the disc loses height.</source>
        <translation>El pedículo superior desciende a medida que el disco pierde altura.</translation>
    </message>
    <message>
        <source>Bulge or osteophyte</source>
        <translation>Abombamiento u osteofito</translation>
    </message>
    <message>
        <source>A posterolateral osteophyte in front and the disc bulging below (central: the broad annular bulge in front).</source>
        <translation>Un osteofito posterolateral por delante y el disco abombado por debajo (central: el abombamiento anular amplio por delante).</translation>
    </message>
    <message>
        <source>Facet hypertrophy</source>
        <translation>Hipertrofia facetaria</translation>
    </message>
    <message>
        <source>The superior articular process grown forward behind the root (central: into both recesses).</source>
        <translation>La apófisis articular superior crecida hacia delante por detrás de la raíz (central: hacia ambos recesos).</translation>
    </message>
    <message>
        <source>Ligamentum flavum</source>
        <translation>Ligamento amarillo</translation>
    </message>
    <message>
        <source>The ligamentum flavum thickened behind the root (central: behind the sac, on both sides).</source>
        <translation>El ligamento amarillo engrosado por detrás de la raíz (central: por detrás del saco, a ambos lados).</translation>
    </message>
</context>
<context>
    <name>Groups</name>
    <message>
        <source>Bones</source>
        <translation>Huesos</translation>
    </message>
    <message>
        <source>Discs</source>
        <translation>Discos</translation>
    </message>
    <message>
        <source>Joints</source>
        <translation>Articulaciones</translation>
    </message>
    <message>
        <source>Ligaments</source>
        <translation>Ligamentos</translation>
    </message>
    <message>
        <source>Fat</source>
        <translation>Grasa</translation>
    </message>
    <message>
        <source>Muscles</source>
        <translation>Músculos</translation>
    </message>
    <message>
        <source>Neural</source>
        <translation>Estructuras neurales</translation>
    </message>
    <message>
        <source>Nerves to the foot</source>
        <translation>Nervios hasta el pie</translation>
    </message>
</context>
<context>
    <name>ImagingPanel</name>
    <message>
        <source>Which synthetic series: sagittal T2 and T1, parasagittal T1 through each side&apos;s foramina, axial T2 and CT at each disc</source>
        <translation>Qué serie sintética: sagital T2 y T1, parasagital T1 a través de los forámenes de cada lado, axial T2 y TC en cada disco</translation>
    </message>
    <message>
        <source>Slice (mouse wheel or Up/Down over the image)</source>
        <translation>Corte (rueda del ratón o flechas arriba/abajo sobre la imagen)</translation>
    </message>
    <message>
        <source>Scanner window</source>
        <translation>Ventana del equipo</translation>
    </message>
    <message>
        <source>Bone window (CT)</source>
        <translation>Ventana ósea (TC)</translation>
    </message>
    <message>
        <source>Soft-tissue window (CT)</source>
        <translation>Ventana de partes blandas (TC)</translation>
    </message>
    <message>
        <source>Window: right-drag on the image changes it (across: width, up/down: level)</source>
        <translation>Ventana: arrastrar con el botón derecho sobre la imagen la cambia (en horizontal: anchura; en vertical: nivel)</translation>
    </message>
    <message>
        <source>Computing all series: %v of %m slices</source>
        <translation>Calculando todas las series: %v de %m cortes</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>Guardar PNG…</translation>
    </message>
    <message>
        <source>Export DICOM…</source>
        <translation>Exportar DICOM…</translation>
    </message>
    <message>
        <source>Synthetic imaging unavailable: {problem}</source>
        <translation>Imagen sintética no disponible: {problem}</translation>
    </message>
    <message>
        <source>slice {number} of {count}</source>
        <translation>corte {number} de {count}</translation>
    </message>
    <message>
        <source>W {width}  L {level}</source>
        <translation>W {width}  L {level}</translation>
    </message>
    <message>
        <source>Save image</source>
        <translation>Guardar imagen</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Saved {path} (synthetic)</source>
        <translation>Guardado: {path} (sintética)</translation>
    </message>
    <message>
        <source>Export the series as DICOM into</source>
        <translation>Exportar la serie como DICOM en</translation>
    </message>
    <message>
        <source>Wrote {count} DICOM files to {folder} (synthetic)</source>
        <translation>Se escribieron {count} archivos DICOM en {folder} (sintéticos)</translation>
    </message>
</context>
<context>
    <name>LecturePanel</name>
    <message>
        <source>Start lesson</source>
        <translation>Iniciar la lección</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Anterior</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lección</translation>
    </message>
    <message>
        <source>Clicker keys: Page Down / → / Space next, Page Up / ← previous, B blank.</source>
        <translation>Teclas del mando: Av Pág / → / Espacio, siguiente; Re Pág / ←, anterior; B, pantalla en negro.</translation>
    </message>
    <message>
        <source>Choose a lesson and press {button} (or Page Down).</source>
        <translation>Elija una lección y pulse {button} (o Av Pág).</translation>
    </message>
    <message>
        <source>{lesson} — step {position}</source>
        <translation>{lesson} — paso {position}</translation>
    </message>
</context>
<context>
    <name>LesionForm</name>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Show the steps one by one, from before to done</source>
        <translation>Mostrar los pasos uno a uno, desde antes hasta el final</translation>
    </message>
    <message>
        <source>{value} of {high}</source>
        <translation>{value} de {high}</translation>
    </message>
</context>
<context>
    <name>LesionKind</name>
    <message>
        <source>Far-out syndrome</source>
        <translation>Síndrome far-out</translation>
    </message>
    <message>
        <source>Disc herniation</source>
        <translation>Hernia discal</translation>
    </message>
    <message>
        <source>Treatment (procedures, conservative care)</source>
        <translation>Tratamiento (procedimientos, tratamiento conservador)</translation>
    </message>
    <message>
        <source>Spondylolisthesis</source>
        <translation>Espondilolistesis</translation>
    </message>
    <message>
        <source>Stenosis (foraminal, lateral recess, central canal)</source>
        <translation>Estenosis (foraminal, receso lateral, canal central)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>Explorar</translation>
    </message>
    <message>
        <source>Lecture</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Bedside</source>
        <translation>A pie de cama</translation>
    </message>
    <message>
        <source>Self-study</source>
        <translation>Autoestudio</translation>
    </message>
    <message>
        <source>l5viz — the L5 nerve root in 3D</source>
        <translation>l5viz — la raíz nerviosa L5 en 3D</translation>
    </message>
    <message>
        <source>Structures</source>
        <translation>Estructuras</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>Pathology</source>
        <translation>Patología</translation>
    </message>
    <message>
        <source>Correlation</source>
        <translation>Correlación</translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation>Tratamiento</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Cuerpo</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lección</translation>
    </message>
    <message>
        <source>From report</source>
        <translation>Desde el informe</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Cuestionario</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Subtítulos</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Synthetic MRI / CT</source>
        <translation>RM / TC sintéticas</translation>
    </message>
    <message>
        <source>For education, not diagnosis.</source>
        <translation>Para la enseñanza, no para el diagnóstico.</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <source>{view} ({key})</source>
        <translation>{view} ({key})</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>Axial</translation>
    </message>
    <message>
        <source>Axial views at each level</source>
        <translation>Vistas axiales en cada nivel</translation>
    </message>
    <message>
        <source>Foramen</source>
        <translation>Foramen</translation>
    </message>
    <message>
        <source>Foramen views at each level</source>
        <translation>Vistas del foramen en cada nivel</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>Sagital</translation>
    </message>
    <message>
        <source>Sagittal views at each level</source>
        <translation>Vistas sagitales en cada nivel</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Explore, Lecture (F5), Bedside or Self-study</source>
        <translation>Explorar, Clase (F5), A pie de cama o Autoestudio</translation>
    </message>
    <message>
        <source>Start lecture</source>
        <translation>Iniciar la clase</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open session…</source>
        <translation>Abrir sesión…</translation>
    </message>
    <message>
        <source>Save session…</source>
        <translation>Guardar sesión…</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Sesiones recientes</translation>
    </message>
    <message>
        <source>Save image at {scale}x…</source>
        <translation>Guardar imagen a {scale}x…</translation>
    </message>
    <message>
        <source>Export 3D scene (.glb)…</source>
        <translation>Exportar la escena 3D (.glb)…</translation>
    </message>
    <message>
        <source>Turntable movie (.mp4, .gif)…</source>
        <translation>Vídeo giratorio (.mp4, .gif)…</translation>
    </message>
    <message>
        <source>Patient handout (.pdf, .png)…</source>
        <translation>Hoja informativa para el paciente (.pdf, .png)…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Axial slabs seen from the head (anatomical)</source>
        <translation>Cortes axiales vistos desde la cabeza (anatómico)</translation>
    </message>
    <message>
        <source>Off: seen from the feet, the patient&apos;s right on your left, as on MRI and CT</source>
        <translation>Desactivado: vistos desde los pies, con la derecha del paciente a su izquierda, como en la RM y la TC</translation>
    </message>
    <message>
        <source>Zones on axial slabs</source>
        <translation>Zonas en los cortes axiales</translation>
    </message>
    <message>
        <source>Isolate selection</source>
        <translation>Aislar la selección</translation>
    </message>
    <message>
        <source>Hide or show selection</source>
        <translation>Ocultar o mostrar la selección</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Mostrar todo</translation>
    </message>
    <message>
        <source>Synthetic MRI and CT of this scene beside the 3D (M)</source>
        <translation>RM y TC sintéticas de esta escena junto al 3D (M)</translation>
    </message>
    <message>
        <source>Body view</source>
        <translation>Vista del cuerpo</translation>
    </message>
    <message>
        <source>Female body</source>
        <translation>Cuerpo femenino</translation>
    </message>
    <message>
        <source>The MakeHuman female body, fitted round the same pelvis (default: male)</source>
        <translation>El cuerpo femenino de MakeHuman, ajustado a la misma pelvis (por defecto: masculino)</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>About l5viz</source>
        <translation>Acerca de l5viz</translation>
    </message>
    <message>
        <source>Data problems…</source>
        <translation>Problemas de datos…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>El del sistema</translation>
    </message>
    <message>
        <source>The new language applies the next time l5viz starts.</source>
        <translation>El nuevo idioma se aplicará la próxima vez que se inicie l5viz.</translation>
    </message>
    <message>
        <source>No overlay is active. Turn on a lesion in the Pathology tab.</source>
        <translation>No hay ninguna lesión activa. Active una en la pestaña Patología.</translation>
    </message>
    <message>
        <source>Overlays are unavailable: some meshes could not be loaded.</source>
        <translation>Las lesiones no están disponibles: no se pudieron cargar algunas mallas.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>uncertain</source>
        <translation>incierta</translation>
    </message>
    <message>
        <source>The maps agree here.</source>
        <translation>Aquí los mapas coinciden.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The maps disagree here&lt;/b&gt;: dermatomes vary between people and overlap widely.</source>
        <translation>&lt;b&gt;Aquí los mapas no coinciden&lt;/b&gt;: los dermatomas varían de una persona a otra y se solapan ampliamente.</translation>
    </message>
    <message>
        <source>no single root</source>
        <translation>ninguna raíz única</translation>
    </message>
    <message>
        <source>Dermatome: {roots}.</source>
        <translation>Dermatoma: {roots}.</translation>
    </message>
    <message>
        <source>Dermatome: {roots} (that root is not part of this model&apos;s spine).</source>
        <translation>Dermatoma: {roots} (esa raíz no forma parte de la columna de este modelo).</translation>
    </message>
    <message>
        <source>Skin, left side</source>
        <translation>Piel, lado izquierdo</translation>
    </message>
    <message>
        <source>Skin, right side</source>
        <translation>Piel, lado derecho</translation>
    </message>
    <message>
        <source>Save image at {scale}x</source>
        <translation>Guardar imagen a {scale}x</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado: {path}</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>No se puede abrir la sesión</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <source>l5viz sessions (*{suffix})</source>
        <translation>Sesiones de l5viz (*{suffix})</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Abrir sesión</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
    <message>
        <source>Export 3D scene</source>
        <translation>Exportar la escena 3D</translation>
    </message>
    <message>
        <source>glTF binary (*.glb)</source>
        <translation>glTF binario (*.glb)</translation>
    </message>
    <message>
        <source>Turntable movie</source>
        <translation>Vídeo giratorio</translation>
    </message>
    <message>
        <source>Movies (*.mp4 *.gif)</source>
        <translation>Vídeos (*.mp4 *.gif)</translation>
    </message>
    <message>
        <source>Save handout</source>
        <translation>Guardar la hoja informativa</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG (*.png)</source>
        <translation>PDF (*.pdf);;PNG (*.png)</translation>
    </message>
    <message>
        <source>Cannot save the handout</source>
        <translation>No se puede guardar la hoja informativa</translation>
    </message>
    <message>
        <source>Data problems</source>
        <translation>Problemas de datos</translation>
    </message>
    <message>
        <source>No problems: every mesh and content file is valid.</source>
        <translation>Sin problemas: todas las mallas y todos los archivos de contenido son válidos.</translation>
    </message>
    <message>
        <source>Some data could not be used</source>
        <translation>No se pudieron usar algunos datos</translation>
    </message>
    <message>
        <source>l5viz started with what is valid. These files need attention:</source>
        <translation>l5viz se ha iniciado con lo que es válido. Estos archivos requieren atención:</translation>
    </message>
</context>
<context>
    <name>OverlayPanel</name>
    <message>
        <source>Show the lesion</source>
        <translation>Mostrar la lesión</translation>
    </message>
    <message>
        <source>Move the camera to the best view of the active lesion</source>
        <translation>Llevar la cámara a la mejor vista de la lesión activa</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <source>{finding} [{status}]: {phrase}</source>
        <translation>{finding} [{status}]: {phrase}</translation>
    </message>
    <message>
        <source>Open a report</source>
        <translation>Abrir un informe</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>Texto (*.txt);;Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>ShortcutOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of l5viz, grouped by where it works.</source>
        <translation>Todos los atajos de teclado de l5viz, agrupados según dónde funcionan.</translation>
    </message>
    <message>
        <source>Close the list of shortcuts (Escape).</source>
        <translation>Cerrar la lista de atajos (Escape).</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Help</source>
        <translation>Ayuda</translation>
    </message>
    <message>
        <source>Modes</source>
        <translation>Modos</translation>
    </message>
    <message>
        <source>Lecture mode: lesson steps (the clicker&apos;s keys)</source>
        <translation>Modo Clase: pasos de la lección (las teclas del mando)</translation>
    </message>
    <message>
        <source>Self-study mode: the quiz</source>
        <translation>Modo Autoestudio: el cuestionario</translation>
    </message>
    <message>
        <source>Camera views (in Self-study mode the digits answer the quiz)</source>
        <translation>Vistas de cámara (en el modo Autoestudio, los dígitos responden al cuestionario)</translation>
    </message>
    <message>
        <source>Scene</source>
        <translation>Escena</translation>
    </message>
    <message>
        <source>3D view, when it has the keyboard focus</source>
        <translation>Vista 3D, cuando tiene el foco del teclado</translation>
    </message>
    <message>
        <source>Synthetic image, when it has the keyboard focus</source>
        <translation>Imagen sintética, cuando tiene el foco del teclado</translation>
    </message>
    <message>
        <source>Panels and moving around</source>
        <translation>Paneles y desplazamiento</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Tamaño del texto</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Next step (the first starts the chosen lesson)</source>
        <translation>Paso siguiente (el primero inicia la lección elegida)</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Paso anterior</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>Primer paso</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Último paso</translation>
    </message>
    <message>
        <source>Blank the screen (a step key brings it back)</source>
        <translation>Poner la pantalla en negro (una tecla de paso la devuelve)</translation>
    </message>
    <message>
        <source>Show this list of shortcuts</source>
        <translation>Mostrar esta lista de atajos</translation>
    </message>
    <message>
        <source>Explore mode</source>
        <translation>Modo Explorar</translation>
    </message>
    <message>
        <source>Lecture mode (full screen)</source>
        <translation>Modo Clase (pantalla completa)</translation>
    </message>
    <message>
        <source>Bedside mode</source>
        <translation>Modo A pie de cama</translation>
    </message>
    <message>
        <source>Self-study mode (the quiz)</source>
        <translation>Modo Autoestudio (el cuestionario)</translation>
    </message>
    <message>
        <source>Start the lecture (Lecture mode)</source>
        <translation>Iniciar la clase (modo Clase)</translation>
    </message>
    <message>
        <source>Answer with the first, second, ... choice</source>
        <translation>Responder con la primera, la segunda... opción</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>Siguiente pregunta</translation>
    </message>
    <message>
        <source>{view}</source>
        <translation>{view}</translation>
    </message>
    <message>
        <source>Labels on or off</source>
        <translation>Activar o desactivar las etiquetas</translation>
    </message>
    <message>
        <source>Show only the selected structure or group</source>
        <translation>Mostrar solo la estructura o el grupo seleccionados</translation>
    </message>
    <message>
        <source>Hide the selection, or show it again</source>
        <translation>Ocultar la selección o volver a mostrarla</translation>
    </message>
    <message>
        <source>Show every structure</source>
        <translation>Mostrar todas las estructuras</translation>
    </message>
    <message>
        <source>Synthetic MRI and CT beside the 3D, or not</source>
        <translation>RM y TC sintéticas junto al 3D, o no</translation>
    </message>
    <message>
        <source>Body view beside the spine, or not</source>
        <translation>Vista del cuerpo junto a la columna, o no</translation>
    </message>
    <message>
        <source>Full screen, or not</source>
        <translation>Pantalla completa, o no</translation>
    </message>
    <message>
        <source>Turn the model left</source>
        <translation>Girar el modelo a la izquierda</translation>
    </message>
    <message>
        <source>Turn the model right</source>
        <translation>Girar el modelo a la derecha</translation>
    </message>
    <message>
        <source>Tilt the model up</source>
        <translation>Inclinar el modelo hacia arriba</translation>
    </message>
    <message>
        <source>Tilt the model down</source>
        <translation>Inclinar el modelo hacia abajo</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Select the next structure shown</source>
        <translation>Seleccionar la siguiente estructura visible</translation>
    </message>
    <message>
        <source>Select the previous structure shown</source>
        <translation>Seleccionar la estructura visible anterior</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Quitar la selección</translation>
    </message>
    <message>
        <source>Previous slice</source>
        <translation>Corte anterior</translation>
    </message>
    <message>
        <source>Next slice</source>
        <translation>Corte siguiente</translation>
    </message>
    <message>
        <source>Keyboard focus to the next panel</source>
        <translation>Foco del teclado al panel siguiente</translation>
    </message>
    <message>
        <source>Keyboard focus to the previous panel</source>
        <translation>Foco del teclado al panel anterior</translation>
    </message>
    <message>
        <source>Pathology panel (the lesions and treatments): open it, or close it</source>
        <translation>Panel de patología (las lesiones y los tratamientos): abrirlo o cerrarlo</translation>
    </message>
    <message>
        <source>Structures panel, or not</source>
        <translation>Panel de estructuras, o no</translation>
    </message>
    <message>
        <source>Next or previous control</source>
        <translation>Control siguiente o anterior</translation>
    </message>
    <message>
        <source>Press the focused button, tick the focused box</source>
        <translation>Pulsar el botón con el foco, marcar la casilla con el foco</translation>
    </message>
    <message>
        <source>Next or previous page of the Details panel, when it has the focus</source>
        <translation>Página siguiente o anterior del panel Detalles, cuando tiene el foco</translation>
    </message>
    <message>
        <source>With the underlined letter of a menu&apos;s name: open that menu</source>
        <translation>Con la letra subrayada del nombre de un menú: abrir ese menú</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texto más grande</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texto más pequeño</translation>
    </message>
    <message>
        <source>Text at its usual size</source>
        <translation>Texto a su tamaño habitual</translation>
    </message>
    <message>
        <source>Open a session</source>
        <translation>Abrir una sesión</translation>
    </message>
    <message>
        <source>Save the session</source>
        <translation>Guardar la sesión</translation>
    </message>
    <message>
        <source>Save the picture</source>
        <translation>Guardar la imagen</translation>
    </message>
    <message>
        <source>Save the picture at twice the size</source>
        <translation>Guardar la imagen al doble de tamaño</translation>
    </message>
    <message>
        <source>Save the picture at four times the size</source>
        <translation>Guardar la imagen a cuatro veces el tamaño</translation>
    </message>
    <message>
        <source>Save the patient handout</source>
        <translation>Guardar la hoja informativa para el paciente</translation>
    </message>
    <message>
        <source>Read the report typed in From report</source>
        <translation>Leer el informe escrito en Desde el informe</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
</context>
<context>
    <name>StructureTree</name>
    <message>
        <source>Opacity of the selected structure or group</source>
        <translation>Opacidad de la estructura o del grupo seleccionados</translation>
    </message>
    <message>
        <source>Isolate</source>
        <translation>Aislar</translation>
    </message>
    <message>
        <source>Show only the selected structure or group (I)</source>
        <translation>Mostrar solo la estructura o el grupo seleccionados (I)</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Mostrar todo</translation>
    </message>
    <message>
        <source>Show every structure (A)</source>
        <translation>Mostrar todas las estructuras (A)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
</context>
<context>
    <name>StudyPanel</name>
    <message>
        <source>Next question</source>
        <translation>Siguiente pregunta</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Empezar de nuevo</translation>
    </message>
    <message>
        <source>Questions on the synthetic MRI</source>
        <translation>Preguntas sobre la RM sintética</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>semilla </translation>
    </message>
    <message>
        <source>The same seed asks the same question again: hand it to a colleague</source>
        <translation>La misma semilla vuelve a hacer la misma pregunta: compártala con un colega</translation>
    </message>
    <message>
        <source>Ask an image question</source>
        <translation>Hacer una pregunta de imagen</translation>
    </message>
    <message>
        <source>Score {correct} / {answered}  ·  question {number} of {total}</source>
        <translation>Puntuación {correct} / {answered}  ·  pregunta {number} de {total}</translation>
    </message>
    <message>
        <source>Quiz finished: {correct} of {total} right. Press “{button}” to repeat it.</source>
        <translation>Cuestionario terminado: {correct} de {total} correctas. Pulse «{button}» para repetirlo.</translation>
    </message>
    <message>
        <source>Answer with the structure I clicked</source>
        <translation>Responder con la estructura en la que hice clic</translation>
    </message>
    <message>
        <source>Click it in the 3D view, then:</source>
        <translation>Haga clic en ella en la vista 3D y después:</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>Correcto.</translation>
    </message>
    <message>
        <source>The answer is {answer}.</source>
        <translation>La respuesta es {answer}.</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>No exactamente.</translation>
    </message>
    <message>
        <source>Image questions are unavailable: the model or the imaging content could not load.</source>
        <translation>Las preguntas de imagen no están disponibles: no se pudo cargar el modelo o el contenido de imagen.</translation>
    </message>
    <message>
        <source>{question}  (seed {seed})</source>
        <translation>{question}  (semilla {seed})</translation>
    </message>
    <message>
        <source>Image questions: {right} / {asked} right</source>
        <translation>Preguntas de imagen: {right} / {asked} correctas</translation>
    </message>
    <message>
        <source>Score {correct} / {answered}  ·  answered {done} of {total}</source>
        <translation>Puntuación {correct} / {answered}  ·  respondidas {done} de {total}</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>left {root}</source>
        <translation>{root} izquierda</translation>
    </message>
    <message>
        <source>right {root}</source>
        <translation>{root} derecha</translation>
    </message>
    <message>
        <source>{place} left</source>
        <translation>{place} izquierdo</translation>
    </message>
    <message>
        <source>{place} right</source>
        <translation>{place} derecho</translation>
    </message>
    <message>
        <source>Left {level} foramen: {figure}</source>
        <translation>Foramen {level} izquierdo: {figure}</translation>
    </message>
    <message>
        <source>Right {level} foramen: {figure}</source>
        <translation>Foramen {level} derecho: {figure}</translation>
    </message>
    <message>
        <source>{procedure}: {level} left</source>
        <translation>{procedure}: {level}, lado izquierdo</translation>
    </message>
    <message>
        <source>{procedure}: {level} right</source>
        <translation>{procedure}: {level}, lado derecho</translation>
    </message>
    <message>
        <source>above</source>
        <translation>arriba</translation>
    </message>
    <message>
        <source>below</source>
        <translation>abajo</translation>
    </message>
    <message>
        <source>front</source>
        <translation>delante</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>detrás</translation>
    </message>
    <message>
        <source>Sources: {sources}</source>
        <translation>Fuentes: {sources}</translation>
    </message>
    <message>
        <source>Click a structure in the view or in the tree.</source>
        <translation>Haga clic en una estructura en la vista o en el árbol.</translation>
    </message>
    <message>
        <source>{root}: {grade} ({number}), flattened {mm} mm, {percent}% of its own diameter.</source>
        <translation>{root}: {grade} ({number}), aplanada {mm} mm, un {percent}% de su propio diámetro.</translation>
    </message>
    <message>
        <source>{root}: {grade} ({number}).</source>
        <translation>{root}: {grade} ({number}).</translation>
    </message>
    <message>
        <source>Red flag.</source>
        <translation>Signo de alarma.</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no fat gone</comment>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>height</source>
        <translation>altura</translation>
    </message>
    <message>
        <source>area</source>
        <translation>área</translation>
    </message>
    <message>
        <source>fat left round the root</source>
        <translation>grasa que queda alrededor de la raíz</translation>
    </message>
    <message>
        <source>fat gone</source>
        <translation>grasa desaparecida</translation>
    </message>
    <message>
        <source>reads as Lee</source>
        <translation>equivale a Lee</translation>
    </message>
    <message>
        <source>Foramina</source>
        <translation>Forámenes</translation>
    </message>
    <message>
        <source>none</source>
        <comment>Meyerding grade</comment>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>type</source>
        <translation>tipo</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>hacia delante</translation>
    </message>
    <message>
        <source>of the body below</source>
        <translation>del cuerpo inferior</translation>
    </message>
    <message>
        <source>Slip</source>
        <translation>Desplazamiento</translation>
    </message>
    <message>
        <source>open behind</source>
        <translation>abierto por detrás</translation>
    </message>
    <message>
        <source>Lateral recess depth</source>
        <translation>Profundidad del receso lateral</translation>
    </message>
    <message>
        <source>front to back</source>
        <translation>anteroposterior</translation>
    </message>
    <message>
        <source>dural sac</source>
        <translation>saco dural</translation>
    </message>
    <message>
        <source>fat behind it</source>
        <translation>grasa posterior</translation>
    </message>
    <message>
        <source>reads as Schizas</source>
        <translation>equivale a Schizas</translation>
    </message>
    <message>
        <source>Central canal</source>
        <translation>Canal central</translation>
    </message>
    <message>
        <source>Dural sac at each disc</source>
        <translation>Saco dural en cada disco</translation>
    </message>
    <message>
        <source>{table}, measured on the model</source>
        <translation>{table}: medidas en el modelo</translation>
    </message>
    <message>
        <source>Skin:</source>
        <translation>Piel:</translation>
    </message>
    <message>
        <source>Reflex:</source>
        <translation>Reflejo:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Prueba:</translation>
    </message>
    <message>
        <source>fat round the root</source>
        <translation>grasa alrededor de la raíz</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>no medido</translation>
    </message>
    <message>
        <source>{structure}: compression</source>
        <translation>{structure}: compresión</translation>
    </message>
    <message>
        <source>Dural sac area</source>
        <translation>Área del saco dural</translation>
    </message>
    <message>
        <source>The treatment content could not be loaded.</source>
        <translation>No se pudo cargar el contenido sobre el tratamiento.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{weeks} weeks&lt;/b&gt; since the sciatica began.</source>
        <translation>&lt;b&gt;{weeks} semanas&lt;/b&gt; desde el inicio de la ciática.</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>Now (step {done} of {total})</source>
        <translation>Ahora (paso {done} de {total})</translation>
    </message>
    <message>
        <source>Measured on the model</source>
        <translation>Medido en el modelo</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>What the evidence says</source>
        <translation>Qué dice la evidencia</translation>
    </message>
    <message>
        <source>Risks</source>
        <translation>Riesgos</translation>
    </message>
    <message>
        <source>Modelling: {text}</source>
        <translation>Modelado: {text}</translation>
    </message>
    <message>
        <source>Care without an operation</source>
        <translation>Tratamiento sin cirugía</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Anterior</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>Posterior</source>
        <translation>Posterior</translation>
    </message>
    <message>
        <source>Left lateral</source>
        <translation>Lateral izquierda</translation>
    </message>
    <message>
        <source>Right lateral</source>
        <translation>Lateral derecha</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Vista general</translation>
    </message>
    <message>
        <source>Midline sagittal</source>
        <translation>Sagital media</translation>
    </message>
    <message>
        <source>Axial at {level}</source>
        <translation>Axial en {level}</translation>
    </message>
    <message>
        <source>Left {level} foramen</source>
        <translation>Foramen {level} izquierdo</translation>
    </message>
    <message>
        <source>Right {level} foramen</source>
        <translation>Foramen {level} derecho</translation>
    </message>
    <message>
        <source>Left {level} sagittal</source>
        <translation>Sagital {level} izquierdo</translation>
    </message>
    <message>
        <source>Right {level} sagittal</source>
        <translation>Sagital {level} derecho</translation>
    </message>
    <message>
        <source>{level} from behind (close-up)</source>
        <translation>{level} desde atrás (detalle)</translation>
    </message>
    <message>
        <source>Whole body</source>
        <translation>Cuerpo entero</translation>
    </message>
    <message>
        <source>Back and buttocks</source>
        <translation>Espalda y nalgas</translation>
    </message>
    <message>
        <source>Legs from the front</source>
        <translation>Piernas desde delante</translation>
    </message>
    <message>
        <source>Legs from behind</source>
        <translation>Piernas desde atrás</translation>
    </message>
    <message>
        <source>Left leg, outer side</source>
        <translation>Pierna izquierda, cara externa</translation>
    </message>
    <message>
        <source>Right leg, outer side</source>
        <translation>Pierna derecha, cara externa</translation>
    </message>
    <message>
        <source>Feet</source>
        <translation>Pies</translation>
    </message>
</context>
<context>
    <name>WindowAccess</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>Paneles</translation>
    </message>
    <message>
        <source>Next panel</source>
        <translation>Panel siguiente</translation>
    </message>
    <message>
        <source>Previous panel</source>
        <translation>Panel anterior</translation>
    </message>
    <message>
        <source>Pathology panel</source>
        <translation>Panel de patología</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Tamaño del texto</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>Más grande</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>Más pequeño</translation>
    </message>
    <message>
        <source>Usual size</source>
        <translation>Tamaño habitual</translation>
    </message>
    <message>
        <source>Text size {percent} %</source>
        <translation>Tamaño del texto {percent} %</translation>
    </message>
    <message>
        <source>Show this finding on the model and say what it means in plain words.</source>
        <translation>Mostrar este hallazgo en el modelo y explicar con palabras sencillas qué significa.</translation>
    </message>
    <message>
        <source>Turn the body view to this side.</source>
        <translation>Girar la vista del cuerpo hacia este lado.</translation>
    </message>
    <message>
        <source>Add the {kind} to the model, or take it out.</source>
        <translation>Añadir o quitar del modelo: {kind}.</translation>
    </message>
    <message>
        <source>The {field} of the {kind}.</source>
        <translation>{kind}: {field}.</translation>
    </message>
    <message>
        <source>{kind}: {field}</source>
        <translation>{kind}: {field}</translation>
    </message>
    <message>
        <source>Play the {kind}</source>
        <translation>Reproducir: {kind}</translation>
    </message>
    <message>
        <source>Show its steps one by one, from before to done.</source>
        <translation>Mostrar sus pasos uno a uno, desde antes hasta el final.</translation>
    </message>
    <message>
        <source>Turn the camera to this view.</source>
        <translation>Girar la cámara hacia esta vista.</translation>
    </message>
    <message>
        <source>Show or hide the labels of the structures in the 3D view.</source>
        <translation>Mostrar u ocultar las etiquetas de las estructuras en la vista 3D.</translation>
    </message>
    <message>
        <source>Key: {key}.</source>
        <translation>Tecla: {key}.</translation>
    </message>
    <message>
        <source>{views}: opens the list of these views.</source>
        <translation>{views}: abre la lista de estas vistas.</translation>
    </message>
    <message>
        <source>Answer {number} of {count} to: {question} Key: {number}.</source>
        <translation>Respuesta {number} de {count} a: {question} Tecla: {number}.</translation>
    </message>
    <message>
        <source>Show this treatment on the model and say in plain words what it does; press it again for the finding alone.</source>
        <translation>Mostrar este tratamiento en el modelo y explicar con palabras sencillas lo que hace; púlselo de nuevo para ver solo el hallazgo.</translation>
    </message>
    <message>
        <source>{mode} mode</source>
        <translation>Modo {mode}</translation>
    </message>
    <message>
        <source>{root} compressed {percent} %</source>
        <translation>{root} comprimida un {percent} %</translation>
    </message>
    <message>
        <source>{root} no longer compressed</source>
        <translation>{root} ya no está comprimida</translation>
    </message>
    <message>
        <source>Step {position}: {title}.</source>
        <translation>Paso {position}: {title}.</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>Correcto.</translation>
    </message>
    <message>
        <source>Not quite. The answer is {answer}.</source>
        <translation>No exactamente. La respuesta es {answer}.</translation>
    </message>
</context>
</TS>
