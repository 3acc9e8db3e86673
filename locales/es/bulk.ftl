# Products for new users (licences page) and bulk changes.
portal-template-title = Productos para usuarios nuevos
portal-template-intro = Se asignan a cada usuario creado sin productos (en el portal, mediante la API, con una importación CSV sin columna de productos o con una creación SCIM de un proveedor de identidad sin derechos), si hay licencias disponibles.
portal-template-none = Ninguno
bulk-title-preview = Vista previa del cambio
bulk-title-done = Cambio aplicado
bulk-action-label = Acción
bulk-preview = Vista previa
bulk-action-add_products = Añadir productos
bulk-action-remove_products = Quitar productos
bulk-action-set_role = Definir el rol
bulk-action-suspend = Suspender
bulk-action-reactivate = Reactivar
bulk-action-delete = Eliminar
bulk-action-restore = Restaurar
bulk-summary-changed = { $count ->
    [one] Se modificará { $count } usuario
   *[other] Se modificarán { $count } usuarios
}
bulk-done-changed = { $count ->
    [one] Se ha modificado { $count } usuario
   *[other] Se han modificado { $count } usuarios
}
bulk-summary-unchanged = { $count ->
    [one] { $count } usuario ya está así (sin cambios)
   *[other] { $count } usuarios ya están así (sin cambios)
}
bulk-summary-refused = { $count ->
    [one] Se rechaza { $count } usuario
   *[other] Se rechazan { $count } usuarios
}
bulk-email-products_changed = { $count ->
    [one] { $count } correo «productos modificados»
   *[other] { $count } correos «productos modificados»
}
bulk-email-role_changed = { $count ->
    [one] { $count } correo «rol modificado»
   *[other] { $count } correos «rol modificado»
}
bulk-email-getting_started = { $count ->
    [one] { $count } correo de primeros pasos
   *[other] { $count } correos de primeros pasos
}
bulk-more = { $count ->
    [one] …y { $count } más
   *[other] …y { $count } más
}
bulk-apply = { $count ->
    [one] Aplicar a { $count } usuario
   *[other] Aplicar a { $count } usuarios
}
bulk-select-all = { $count ->
    [one] Seleccionar el usuario que coincide con el filtro
   *[other] Seleccionar los { $count } usuarios que coinciden con el filtro
}
bulk-emails-heading = Correos
bulk-no-emails = No se enviará ningún correo.
bulk-losing-portal-heading = Estos usuarios pierden el acceso al portal (sus sesiones terminan)
bulk-changed-heading = Usuarios que se modificarán
bulk-changed-heading-done = Usuarios modificados
bulk-unchanged-heading = Usuarios sin cambios
bulk-refused-heading = Usuarios rechazados
bulk-col-reason = Motivo
bulk-cancel = Volver a la lista
bulk-no-notify-on = No se avisa a los usuarios de este cambio (los correos de primeros pasos se envían igualmente).
bulk-notify-on = Se avisa a los usuarios de este cambio por correo.
bulk-error-seats-short = No hay licencias suficientes de { $product }: este cambio necesita { $needed } y quedan { $left }. No se ha modificado nada.
bulk-error-nothing-selected = Seleccione usuarios, o todos los usuarios que coinciden con el filtro.
