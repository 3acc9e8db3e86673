portal-skip = Ir al contenido
portal-brand-sub = Centro de administración
portal-nav-label = Principal
portal-nav-users = Usuarios
portal-nav-deleted = Usuarios eliminados
portal-language = Idioma
portal-language-apply = Cambiar
portal-sign-out = Cerrar sesión
portal-back-to-users = Volver a los usuarios
portal-error-title = Algo salió mal

portal-login-title = Iniciar sesión
portal-login-heading = Iniciar sesión en Roster
portal-login-intro = Para administradores y gestores de la cuenta.
portal-login-email = Correo electrónico
portal-login-password = Contraseña
portal-login-submit = Iniciar sesión
portal-login-refused = Inicio de sesión rechazado. Compruebe su correo y su contraseña; solo los administradores y gestores activos pueden iniciar sesión.
portal-login-locked = Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $minutes ->
        [one] un minuto
       *[other] { $minutes } minutos
    }.

portal-users-title = Usuarios
portal-deleted-title = Usuarios eliminados
portal-users-count = Usuarios encontrados: { $count }
portal-users-count-more = Más de { $count } usuarios encontrados
portal-search = Buscar
portal-search-placeholder = Nombre o correo
portal-status = Estado
portal-role = Rol
portal-product = Producto
portal-sort = Ordenar por
portal-apply = Aplicar
portal-no-users = Ningún usuario coincide con estos filtros.
portal-col-name = Nombre
portal-col-email = Correo electrónico
portal-col-days-left = Restaurable durante
portal-days-left = { $days ->
        [one] { $days } día
       *[other] { $days } días
    }
portal-pages = Páginas
portal-first-page = Primera página
portal-next-page = Página siguiente
portal-filter-any-status = Activos y suspendidos
portal-filter-any-role = Cualquier rol
portal-filter-any-product = Cualquier producto
portal-sort-email = Correo electrónico
portal-sort-name = Nombre
portal-sort-created = Fecha de alta

portal-status-active = Activo
portal-status-suspended = Suspendido
portal-status-deleted = Eliminado

portal-notice-saved = Cambios guardados.
portal-notice-suspended = El usuario está suspendido.
portal-notice-reactivated = El usuario vuelve a estar activo.
portal-notice-deleted = El usuario se ha eliminado. Puede restaurarlo desde Usuarios eliminados.
portal-notice-restored = El usuario se ha restaurado.

portal-error-filter = Estos filtros no son válidos; se muestran todos los usuarios.
portal-error-seats = No quedan licencias de { $product }: { $seats ->
        [one] su única licencia está en uso.
       *[other] las { $seats } licencias están en uso.
    }
portal-error-last-admin = El último administrador activo de la cuenta debe seguir siendo administrador activo.
portal-error-forbidden = No tiene permiso para hacer este cambio.
portal-error-nothing-to-give-back = Este usuario nunca estuvo activo, así que no hay nada que devolverle. Asígnele un producto o un rol.
portal-error-conflict = Este cambio no se aplica al usuario en su estado actual.
portal-error-invalid = Este valor no es válido.
portal-error-stale = Alguien modificó este usuario mientras usted editaba. No se ha guardado nada; este es el usuario tal como está ahora.
portal-error-not-found = Este usuario no existe.
portal-error-internal = Se produjo un error interno. Vuelva a intentarlo.
portal-error-csrf = Este formulario ha caducado. Recargue la página y vuelva a intentarlo.

portal-read-only-admin = Este usuario es administrador: solo un administrador puede modificarlo.
portal-deleted-note = Este usuario está eliminado. Puede restaurarse durante { $days ->
        [one] un día más
       *[other] { $days } días más
    }; después se borrará definitivamente.
portal-products = Productos
portal-roles = Roles
portal-no-products = Sin productos
portal-edit = Editar
portal-products-legend = Productos que puede usar este usuario
portal-role-legend = Rol de este usuario
portal-seats-limited = { $used } de { $total ->
        [one] { $total } licencia en uso
       *[other] { $total } licencias en uso
    }
portal-seats-unlimited = { $used } en uso
portal-gs-tag = Correo de bienvenida
portal-gs-title = La primera vez que se asigna este producto a un usuario se envía un correo de bienvenida, aunque elija no notificarle.
portal-no-seats = Sin licencias
portal-do-not-notify = No notificar a los usuarios de este cambio
portal-gs-hint = La primera vez que alguien recibe GoTo Meeting, GoTo Webinar, GoTo Training u OpenVoice, recibe un correo de bienvenida aunque elija no notificarle.
portal-preview = Vista previa de correos
portal-preview-heading = Al guardar se enviará
portal-preview-none = No se enviará ningún correo.
portal-save = Guardar
portal-cancel = Cancelar
portal-actions = Acciones
portal-suspend = Suspender
portal-reactivate = Reactivar
portal-restore = Restaurar
portal-delete = Eliminar…
portal-delete-confirm = ¿Eliminar a { $name }? Sus licencias quedan libres y todos sus accesos terminan de inmediato. Puede restaurarse, con sus productos y su rol, durante { $days ->
        [one] { $days } día
       *[other] { $days } días
    }; después se borra definitivamente.
portal-delete-yes = Sí, eliminar este usuario
portal-history = Historial
portal-history-empty = Aún no hay cambios registrados.
portal-col-when = Cuándo
portal-col-what = Cambio
portal-col-who = Por
portal-col-notified = Notificado
portal-yes = Sí
portal-no = No

portal-email-products-changed = Productos modificados, a { $to }: «{ $subject }»
portal-email-role-changed = Rol modificado, a { $to }: «{ $subject }»
portal-email-getting-started = Primeros pasos, a { $to }: «{ $subject }»
portal-email-invitation = Invitación, a { $to }: «{ $subject }»

portal-audit-products = productos { $list }
portal-audit-role = rol { $old } → { $new }
portal-audit-role-new = rol { $new }
portal-audit-status = estado { $old } → { $new }

portal-action-create = Creado
portal-action-update = Modificado
portal-action-suspend = Suspendido
portal-action-reactivate = Reactivado
portal-action-delete = Eliminado
portal-action-restore = Restaurado
portal-action-purge = Borrado definitivamente

portal-password-title = Elija su contraseña
portal-password-intro = Elija la contraseña con la que iniciará sesión en Roster como { $email }.
portal-password-new = Nueva contraseña
portal-password-confirm = Confirme la nueva contraseña
portal-password-hint = Al menos { $count } caracteres.
portal-password-submit = Guardar mi contraseña
portal-password-too-short = La contraseña debe tener al menos { $count } caracteres.
portal-password-mismatch = Las dos contraseñas no coinciden.
portal-password-gone-title = Este enlace ya no es válido
portal-password-gone = Este enlace para elegir una contraseña ya no es válido: ya se usó, caducó o se envió uno más reciente. Pida un nuevo enlace a su administrador.
portal-password-to-login = Ir al inicio de sesión
portal-notice-password-set = Su contraseña está guardada. Inicie sesión con ella.
portal-send-password-link = Enviar un enlace de contraseña
portal-password-link-hint = Envía a { $email } un enlace para elegir una nueva contraseña; sirve una vez, en un plazo de 7 días.
portal-notice-password-link = Se ha enviado un enlace para elegir una contraseña.
portal-action-password_link = Enlace de contraseña enviado
portal-action-set_password = Contraseña establecida
portal-email-password-reset = Enlace de contraseña, a { $to }: «{ $subject }»
portal-error-own-access = No puede quitarse su propio acceso al portal (haciéndose miembro, suspendiéndose o eliminándose). Pídaselo a otro administrador.
portal-error-email-taken = Otro usuario de la cuenta ya tiene esta dirección de correo.
portal-error-invalid-email = Esta dirección de correo no es válida (se espera nombre@ejemplo.com).
portal-error-invalid-name = Un nombre tiene como máximo 100 caracteres y ningún salto de línea.
portal-consequence-suspends = Al guardar se suspende a { $name } y se cierran sus sesiones: pierde el portal y todos los productos hasta que alguien le asigne un producto o un rol.
portal-consequence-reactivates = Al guardar se reactiva a { $name }: podrá iniciar sesión de nuevo.
portal-consequence-loses-portal = Al guardar, { $name } pierde el acceso al portal y se cierran sus sesiones en él.
portal-edit-details = Editar datos
portal-field-email = Correo electrónico
portal-field-first-name = Nombre
portal-field-last-name = Apellidos
portal-field-locale = Idioma de sus correos
portal-own-access-note = Es usted: no puede hacerse miembro, lo que acabaría con su propio acceso al portal.
portal-self-actions-note = Es usted: otro administrador puede suspenderle o eliminarle, usted no.
portal-reactivate-gives-back = Devuelve: { $what }
portal-notice-created = Se ha añadido el usuario.
portal-via-portal = desde el portal
portal-via-api = desde la API
portal-via-scim = por aprovisionamiento SCIM
portal-via-cli = desde la línea de comandos
portal-via-import = por una importación
portal-via-system = automáticamente
portal-channel-portal = Portal
portal-channel-api = API
portal-channel-scim = Aprovisionamiento SCIM
portal-channel-cli = Línea de comandos
portal-channel-import = Importación
portal-channel-system = Automático
portal-actor-person = { $name } { $via }
portal-actor-token = Token de API «{ $name }» { $via }
portal-actor-operator = Un operador { $via }
portal-actor-roster = Roster, automáticamente
portal-audit-email = correo { $old } → { $new }
portal-audit-first-name = nombre { $old } → { $new }
portal-audit-last-name = apellidos { $old } → { $new }
portal-audit-locale = idioma { $old } → { $new }
portal-new-user = Añadir un usuario
portal-new-title = Añadir un usuario
portal-new-products-hint = Los productos para usuarios nuevos de la cuenta ya están marcados.
portal-new-preview-heading = Añadir este usuario enviará
portal-new-notify-hint = Un nuevo gestor o administrador recibe una invitación para elegir su contraseña, salvo que decida no notificar. La primera vez que alguien recibe GoTo Meeting, GoTo Webinar, GoTo Training u OpenVoice, recibe un correo de primeros pasos aunque decida no notificarle.
portal-new-suspended-note = Sin producto y con el rol Miembro, este usuario empieza suspendido: no puede iniciar sesión en ningún sitio hasta que le asigne un producto o un rol.
portal-create = Añadir el usuario
portal-nav-licences = Licencias
portal-nav-history = Historial
portal-nav-import = Importar
portal-licences-title = Licencias
portal-licences-intro = Las licencias de cada producto de la cuenta y quién las tiene. Un usuario eliminado libera sus licencias.
portal-licences-used = En uso
portal-licences-limit-col = Límite
portal-licences-holders-col = Asignadas a
portal-licences-limit = { $seats ->
        [one] { $seats } licencia
       *[other] { $seats } licencias
    }
portal-licences-unlimited = Ilimitadas
portal-licences-limit-of = Límite de licencias de { $product }
portal-licences-holders = { $count ->
        [0] nadie
        [one] { $count } usuario
       *[other] { $count } usuarios
    }
portal-licences-limit-hint = Deje un límite vacío para licencias ilimitadas. Un límite por debajo de las licencias en uso no quita nada a nadie; solo impide nuevas asignaciones.
portal-notice-seats = Se ha guardado el límite de licencias.
portal-notice-new-user-products = Se han guardado los productos para usuarios nuevos.
portal-error-seats-number = Escriba un número entero de licencias, o déjelo vacío para ilimitadas.
portal-import-title = Importar usuarios
portal-import-intro = Suba un archivo CSV cuya fila de encabezado nombre email y cualquiera de first_name, last_name, locale, role y products (claves de producto separadas por ;). Un usuario cuyo correo existe se actualiza; los demás se crean. Verá lo que hará cada fila antes de que cambie nada.
portal-import-file = Archivo CSV
portal-import-check = Comprobar el archivo
portal-import-empty = Elija primero un archivo CSV.
portal-import-not-utf8 = Este archivo no es texto UTF-8. Guárdelo como «CSV UTF-8» y vuelva a intentarlo.
portal-import-unreadable = El archivo no se puede importar: { $count ->
        [one] una línea tiene un problema.
       *[other] { $count } líneas tienen problemas.
    } No se ha cambiado nada.
portal-import-line-error = Línea { $line }: { $message }
portal-import-preview-heading = Lo que hará la importación
portal-import-done-heading = Importación terminada
portal-import-will-created = { $count ->
        [one] se creará { $count } usuario
       *[other] se crearán { $count } usuarios
    }
portal-import-will-updated = { $count ->
        [one] se actualizará { $count } usuario
       *[other] se actualizarán { $count } usuarios
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } usuario ya está como indica el archivo
       *[other] { $count } usuarios ya están como indica el archivo
    }
portal-import-will-failed = { $count ->
        [one] se rechazará { $count } fila
       *[other] se rechazarán { $count } filas
    }
portal-import-will-email = { $count ->
        [0] no se enviará ningún correo
        [one] se enviará { $count } correo
       *[other] se enviarán { $count } correos
    }
portal-import-done-created = { $count ->
        [one] { $count } usuario creado
       *[other] { $count } usuarios creados
    }
portal-import-done-updated = { $count ->
        [one] { $count } usuario actualizado
       *[other] { $count } usuarios actualizados
    }
portal-import-done-unchanged = { $count ->
        [one] { $count } usuario sin cambios
       *[other] { $count } usuarios sin cambios
    }
portal-import-done-failed = { $count ->
        [one] { $count } fila rechazada
       *[other] { $count } filas rechazadas
    }
portal-import-row-will-created = Se creará
portal-import-row-will-updated = Se actualizará
portal-import-row-will-unchanged = Sin cambios
portal-import-row-done-created = Creado
portal-import-row-done-updated = Actualizado
portal-import-row-done-unchanged = Sin cambios
portal-import-refused = Rechazada: { $reason }
portal-import-apply = { $count ->
        [one] Aplicar { $count } cambio
       *[other] Aplicar { $count } cambios
    }
portal-import-notify-on = Los usuarios afectados reciben un aviso por correo.
portal-import-no-notify-on = Los usuarios afectados no reciben aviso (los correos de primeros pasos se envían igualmente).
portal-import-other-file = Elegir otro archivo
portal-import-another = Importar otro archivo
portal-import-line = Línea
portal-import-result = Resultado
portal-import-emails = Correos
portal-col-last-sign-in = Último inicio de sesión
portal-never = Nunca

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } de { $total }
portal-range-more = { $from }–{ $to } de más de { $total }
portal-prev-page = Página anterior
portal-page-size = Por página
portal-inactive = Inactivos
portal-inactive-any = Todos
portal-inactive-days = { $days ->
    [one] Desde hace { $days } día
   *[other] Desde hace { $days } días o más
}
portal-export-csv = Exportar CSV
portal-error-filter-named = El filtro «{ $field }» no es válido y se ha omitido; los demás filtros se aplican.
portal-filter-name-status = Estado
portal-filter-name-role = Rol
portal-filter-name-product = Producto
portal-filter-name-inactive = Inactivos
portal-filter-name-sort = Orden
portal-filter-name-cursor = Página
portal-filter-name-user = Usuario
portal-filter-name-actor = Modificado por
portal-filter-name-channel = Canal
portal-filter-name-since = Desde
portal-filter-name-until = Hasta
portal-bulk-title = Modificar los usuarios seleccionados
portal-bulk-select = Seleccionar a { $name }
portal-bulk-select-all = { $count ->
    [one] Seleccionar el usuario que coincide con este filtro ({ $count })
   *[other] Seleccionar los { $count } usuarios que coinciden con este filtro
}
portal-bulk-select-all-more = Seleccionar todos los usuarios que coinciden con este filtro (más de { $count })
portal-bulk-action = Acción
portal-bulk-add_products = Añadir productos
portal-bulk-remove_products = Quitar productos
portal-bulk-set_role = Cambiar el rol
portal-bulk-suspend = Suspender
portal-bulk-reactivate = Reactivar
portal-bulk-delete = Eliminar
portal-bulk-restore = Restaurar
portal-bulk-preview = Vista previa
portal-audit-title = Historial de la cuenta
portal-audit-intro = Cada cambio en los usuarios de la cuenta: quién lo hizo, por qué canal, antes y después.
portal-audit-user = Usuario (correo o id)
portal-audit-actor = Modificado por (correo)
portal-audit-channel = Canal
portal-audit-any-channel = Todos los canales
portal-audit-since = Desde
portal-audit-until = Hasta
portal-audit-zone = Las fechas son días en UTC. Las horas se muestran en la zona horaria de su navegador (en UTC sin scripts).
portal-audit-empty = Ningún cambio coincide con estos filtros.
portal-audit-no-user = Ningún usuario de la cuenta tiene este correo o id.
portal-col-user = Usuario
portal-audit-newer = Más recientes
portal-audit-older = Más antiguos
portal-audit-first = Los más recientes
portal-action-token_create = Token de API creado
portal-action-token_revoke = Token de API revocado
