"""PySide6 shell: widgets that edit SceneState; the render layer does the drawing."""
