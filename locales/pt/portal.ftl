portal-skip = Ir para o conteúdo
portal-brand-sub = Centro de administração
portal-nav-label = Principal
portal-nav-users = Utilizadores
portal-nav-deleted = Utilizadores eliminados
portal-language = Idioma
portal-language-apply = Mudar
portal-sign-out = Terminar sessão
portal-back-to-users = Voltar aos utilizadores
portal-error-title = Ocorreu um problema

portal-login-title = Iniciar sessão
portal-login-heading = Iniciar sessão no Roster
portal-login-intro = Para administradores e gestores da conta.
portal-login-email = E-mail
portal-login-password = Palavra-passe
portal-login-submit = Iniciar sessão
portal-login-refused = Início de sessão recusado. Verifique o e-mail e a palavra-passe; só administradores e gestores ativos podem iniciar sessão.
portal-login-locked = Demasiadas tentativas falhadas. Tente novamente dentro de { $minutes ->
        [one] um minuto
       *[other] { $minutes } minutos
    }.

portal-users-title = Utilizadores
portal-deleted-title = Utilizadores eliminados
portal-users-count = Utilizadores encontrados: { $count }
portal-users-count-more = Mais de { $count } utilizadores encontrados
portal-search = Pesquisar
portal-search-placeholder = Nome ou e-mail
portal-status = Estado
portal-role = Função
portal-product = Produto
portal-sort = Ordenar por
portal-apply = Aplicar
portal-no-users = Nenhum utilizador corresponde a estes filtros.
portal-col-name = Nome
portal-col-email = E-mail
portal-col-days-left = Restaurável durante
portal-days-left = { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    }
portal-pages = Páginas
portal-first-page = Primeira página
portal-next-page = Página seguinte
portal-filter-any-status = Ativos e suspensos
portal-filter-any-role = Qualquer função
portal-filter-any-product = Qualquer produto
portal-sort-email = E-mail
portal-sort-name = Nome
portal-sort-created = Data de adição

portal-status-active = Ativo
portal-status-suspended = Suspenso
portal-status-deleted = Eliminado

portal-notice-saved = Alterações guardadas.
portal-notice-suspended = O utilizador está suspenso.
portal-notice-reactivated = O utilizador voltou a estar ativo.
portal-notice-deleted = O utilizador foi eliminado. Pode restaurá-lo em Utilizadores eliminados.
portal-notice-restored = O utilizador foi restaurado.

portal-error-filter = Estes filtros não são válidos; são mostrados todos os utilizadores.
portal-error-seats = Não há licenças livres para { $product }: { $seats ->
        [one] a sua única licença está em uso.
       *[other] as { $seats } licenças estão todas em uso.
    }
portal-error-last-admin = O último administrador ativo da conta tem de continuar a ser administrador ativo.
portal-error-forbidden = Não tem permissão para fazer esta alteração.
portal-error-nothing-to-give-back = Este utilizador nunca esteve ativo, por isso não há nada a devolver. Atribua-lhe antes um produto ou uma função.
portal-error-conflict = Esta alteração não se aplica ao utilizador no estado atual.
portal-error-invalid = Este valor não é válido.
portal-error-stale = Alguém alterou este utilizador enquanto o editava. Nada foi guardado; eis o utilizador tal como está agora.
portal-error-not-found = Este utilizador não existe.
portal-error-internal = Ocorreu um erro interno. Tente novamente.
portal-error-csrf = Este formulário expirou. Recarregue a página e tente novamente.

portal-read-only-admin = Este utilizador é administrador: só um administrador o pode alterar.
portal-deleted-note = Este utilizador está eliminado. Pode ser restaurado durante mais { $days ->
        [one] um dia
       *[other] { $days } dias
    }; depois é apagado definitivamente.
portal-products = Produtos
portal-roles = Funções
portal-no-products = Sem produtos
portal-edit = Editar
portal-products-legend = Produtos que este utilizador pode usar
portal-role-legend = Função deste utilizador
portal-seats-limited = { $used } de { $total ->
        [one] { $total } licença em uso
       *[other] { $total } licenças em uso
    }
portal-seats-unlimited = { $used } em uso
portal-gs-tag = E-mail de boas-vindas
portal-gs-title = Da primeira vez que este produto é atribuído a um utilizador, é enviado um e-mail de boas-vindas, mesmo que opte por não o notificar.
portal-no-seats = Sem licenças livres
portal-do-not-notify = Não notificar os utilizadores desta alteração
portal-gs-hint = Da primeira vez que alguém recebe o GoTo Meeting, GoTo Webinar, GoTo Training ou OpenVoice, recebe um e-mail de boas-vindas mesmo que opte por não o notificar.
portal-preview = Pré-visualizar e-mails
portal-preview-heading = Ao guardar será enviado
portal-preview-none = Não será enviado nenhum e-mail.
portal-save = Guardar
portal-cancel = Cancelar
portal-actions = Ações
portal-suspend = Suspender
portal-reactivate = Reativar
portal-restore = Restaurar
portal-delete = Eliminar…
portal-delete-confirm = Eliminar { $name }? As licenças ficam livres e todos os acessos terminam de imediato. Pode ser restaurado, com os produtos e a função, durante { $days ->
        [one] { $days } dia
       *[other] { $days } dias
    }; depois é apagado definitivamente.
portal-delete-yes = Sim, eliminar este utilizador
portal-history = Histórico
portal-history-empty = Ainda não há alterações registadas.
portal-col-when = Quando
portal-col-what = Alteração
portal-col-who = Por
portal-col-notified = Notificado
portal-yes = Sim
portal-no = Não

portal-email-products-changed = Produtos alterados, para { $to }: «{ $subject }»
portal-email-role-changed = Função alterada, para { $to }: «{ $subject }»
portal-email-getting-started = Boas-vindas, para { $to }: «{ $subject }»
portal-email-invitation = Convite, para { $to }: «{ $subject }»

portal-audit-products = produtos { $list }
portal-audit-role = função { $old } → { $new }
portal-audit-role-new = função { $new }
portal-audit-status = estado { $old } → { $new }

portal-action-create = Criado
portal-action-update = Alterado
portal-action-suspend = Suspenso
portal-action-reactivate = Reativado
portal-action-delete = Eliminado
portal-action-restore = Restaurado
portal-action-purge = Apagado definitivamente

portal-password-title = Escolha a sua palavra-passe
portal-password-intro = Escolha a palavra-passe com que vai iniciar sessão no Roster como { $email }.
portal-password-new = Nova palavra-passe
portal-password-confirm = Confirme a nova palavra-passe
portal-password-hint = Pelo menos { $count } caracteres.
portal-password-submit = Guardar a minha palavra-passe
portal-password-too-short = A palavra-passe deve ter pelo menos { $count } caracteres.
portal-password-mismatch = As duas palavras-passe não coincidem.
portal-password-gone-title = Esta ligação já não é válida
portal-password-gone = Esta ligação para escolher uma palavra-passe já não é válida: já foi usada, expirou ou foi enviada uma mais recente. Peça uma nova ligação ao seu administrador.
portal-password-to-login = Ir para o início de sessão
portal-notice-password-set = A sua palavra-passe está guardada. Inicie sessão com ela.
portal-send-password-link = Enviar uma ligação de palavra-passe
portal-password-link-hint = Envia a { $email } uma ligação para escolher uma nova palavra-passe; funciona uma vez, no prazo de 7 dias.
portal-notice-password-link = Foi enviada uma ligação para escolher uma palavra-passe.
portal-action-password_link = Ligação de palavra-passe enviada
portal-action-set_password = Palavra-passe definida
portal-email-password-reset = Ligação de palavra-passe, para { $to }: «{ $subject }»
portal-error-own-access = Não pode retirar o seu próprio acesso ao portal (tornando-se membro, suspendendo-se ou eliminando-se). Peça a outro administrador.
portal-error-email-taken = Outro utilizador da conta já tem este endereço de email.
portal-error-invalid-email = Este endereço de email não é válido (esperado: nome@exemplo.pt).
portal-error-invalid-name = Um nome tem no máximo 100 caracteres e nenhuma quebra de linha.
portal-consequence-suspends = Guardar suspende { $name } e termina as suas sessões: perde o portal e todos os produtos até alguém lhe atribuir um produto ou uma função.
portal-consequence-reactivates = Guardar reativa { $name }: pode voltar a iniciar sessão.
portal-consequence-loses-portal = Guardar retira o acesso ao portal a { $name } e termina as suas sessões nele.
portal-edit-details = Editar dados
portal-field-email = Email
portal-field-first-name = Nome próprio
portal-field-last-name = Apelido
portal-field-locale = Idioma dos emails
portal-own-access-note = É você: não pode tornar-se membro, o que terminaria o seu próprio acesso ao portal.
portal-self-actions-note = É você: outro administrador pode suspendê-lo ou eliminá-lo, você não.
portal-reactivate-gives-back = Devolve: { $what }
portal-notice-created = O utilizador foi adicionado.
portal-via-portal = pelo portal
portal-via-api = pela API
portal-via-scim = por aprovisionamento SCIM
portal-via-cli = pela linha de comandos
portal-via-import = por uma importação
portal-via-system = automaticamente
portal-channel-portal = Portal
portal-channel-api = API
portal-channel-scim = Aprovisionamento SCIM
portal-channel-cli = Linha de comandos
portal-channel-import = Importação
portal-channel-system = Automático
portal-actor-person = { $name } { $via }
portal-actor-token = Token de API «{ $name }» { $via }
portal-actor-operator = Um operador { $via }
portal-actor-roster = Roster, automaticamente
portal-audit-email = email { $old } → { $new }
portal-audit-first-name = nome próprio { $old } → { $new }
portal-audit-last-name = apelido { $old } → { $new }
portal-audit-locale = idioma { $old } → { $new }
portal-new-user = Adicionar um utilizador
portal-new-title = Adicionar um utilizador
portal-new-products-hint = Os produtos para novos utilizadores da conta já estão selecionados.
portal-new-preview-heading = Adicionar este utilizador enviará
portal-new-notify-hint = Um novo gestor ou administrador recebe um convite para escolher a palavra-passe, a menos que opte por não notificar. Da primeira vez que alguém recebe GoTo Meeting, GoTo Webinar, GoTo Training ou OpenVoice, recebe um email de introdução, mesmo sem notificação.
portal-new-suspended-note = Sem produtos e com a função Membro, este utilizador começa suspenso: não pode iniciar sessão em lado nenhum até lhe atribuir um produto ou uma função.
portal-create = Adicionar o utilizador
portal-nav-licences = Licenças
portal-nav-history = Histórico
portal-nav-import = Importar
portal-licences-title = Licenças
portal-licences-intro = As licenças de cada produto da conta e quem as tem. Um utilizador eliminado liberta as suas licenças.
portal-licences-used = Em uso
portal-licences-limit-col = Limite
portal-licences-holders-col = Atribuídas a
portal-licences-limit = { $seats ->
        [one] { $seats } licença
       *[other] { $seats } licenças
    }
portal-licences-unlimited = Ilimitadas
portal-licences-limit-of = Limite de licenças de { $product }
portal-licences-holders = { $count ->
        [0] ninguém
        [one] { $count } utilizador
       *[other] { $count } utilizadores
    }
portal-licences-limit-hint = Deixe um limite vazio para licenças ilimitadas. Um limite abaixo das licenças em uso não retira nada a ninguém; apenas impede novas atribuições.
portal-notice-seats = O limite de licenças foi guardado.
portal-notice-new-user-products = Os produtos para novos utilizadores foram guardados.
portal-error-seats-number = Introduza um número inteiro de licenças, ou deixe vazio para ilimitadas.
portal-import-title = Importar utilizadores
portal-import-intro = Carregue um ficheiro CSV cuja linha de cabeçalho nomeie email e qualquer um de first_name, last_name, locale, role e products (chaves de produto separadas por ;). Um utilizador cujo email existe é atualizado; os outros são criados. Vê o que cada linha fará antes de qualquer alteração.
portal-import-file = Ficheiro CSV
portal-import-check = Verificar o ficheiro
portal-import-empty = Escolha primeiro um ficheiro CSV.
portal-import-not-utf8 = Este ficheiro não é texto UTF-8. Guarde-o como «CSV UTF-8» e tente novamente.
portal-import-unreadable = O ficheiro não pode ser importado: { $count ->
        [one] uma linha tem um problema.
       *[other] { $count } linhas têm problemas.
    } Nada foi alterado.
portal-import-line-error = Linha { $line }: { $message }
portal-import-preview-heading = O que a importação fará
portal-import-done-heading = Importação concluída
portal-import-will-created = { $count ->
        [one] { $count } utilizador será criado
       *[other] { $count } utilizadores serão criados
    }
portal-import-will-updated = { $count ->
        [one] { $count } utilizador será atualizado
       *[other] { $count } utilizadores serão atualizados
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } utilizador já está como no ficheiro
       *[other] { $count } utilizadores já estão como no ficheiro
    }
portal-import-will-failed = { $count ->
        [one] { $count } linha será recusada
       *[other] { $count } linhas serão recusadas
    }
portal-import-will-email = { $count ->
        [0] nenhum email será enviado
        [one] { $count } email será enviado
       *[other] { $count } emails serão enviados
    }
portal-import-done-created = { $count ->
        [one] { $count } utilizador criado
       *[other] { $count } utilizadores criados
    }
portal-import-done-updated = { $count ->
        [one] { $count } utilizador atualizado
       *[other] { $count } utilizadores atualizados
    }
portal-import-done-unchanged = { $count ->
        [one] { $count } utilizador sem alterações
       *[other] { $count } utilizadores sem alterações
    }
portal-import-done-failed = { $count ->
        [one] { $count } linha recusada
       *[other] { $count } linhas recusadas
    }
portal-import-row-will-created = Será criado
portal-import-row-will-updated = Será atualizado
portal-import-row-will-unchanged = Sem alterações
portal-import-row-done-created = Criado
portal-import-row-done-updated = Atualizado
portal-import-row-done-unchanged = Sem alterações
portal-import-refused = Recusada: { $reason }
portal-import-apply = { $count ->
        [one] Aplicar { $count } alteração
       *[other] Aplicar { $count } alterações
    }
portal-import-notify-on = Os utilizadores em causa são avisados por email.
portal-import-no-notify-on = Os utilizadores em causa não são avisados (os emails de introdução são enviados na mesma).
portal-import-other-file = Escolher outro ficheiro
portal-import-another = Importar outro ficheiro
portal-import-line = Linha
portal-import-result = Resultado
portal-import-emails = Emails
portal-col-last-sign-in = Último início de sessão
portal-never = Nunca

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } de { $total }
portal-range-more = { $from }–{ $to } de mais de { $total }
portal-prev-page = Página anterior
portal-page-size = Por página
portal-inactive = Inativos
portal-inactive-any = Todos
portal-inactive-days = { $days ->
    [one] Há { $days } dia
   *[other] Há { $days } dias ou mais
}
portal-export-csv = Exportar CSV
portal-error-filter-named = O filtro «{ $field }» não é válido e foi ignorado; os outros filtros continuam aplicados.
portal-filter-name-status = Estado
portal-filter-name-role = Função
portal-filter-name-product = Produto
portal-filter-name-inactive = Inativos
portal-filter-name-sort = Ordenação
portal-filter-name-cursor = Página
portal-filter-name-user = Utilizador
portal-filter-name-actor = Alterado por
portal-filter-name-channel = Canal
portal-filter-name-since = De
portal-filter-name-until = Até
portal-bulk-title = Alterar os utilizadores selecionados
portal-bulk-select = Selecionar { $name }
portal-bulk-select-all = { $count ->
    [one] Selecionar o utilizador que corresponde a este filtro ({ $count })
   *[other] Selecionar os { $count } utilizadores que correspondem a este filtro
}
portal-bulk-select-all-more = Selecionar todos os utilizadores que correspondem a este filtro (mais de { $count })
portal-bulk-action = Ação
portal-bulk-add_products = Adicionar produtos
portal-bulk-remove_products = Remover produtos
portal-bulk-set_role = Definir a função
portal-bulk-suspend = Suspender
portal-bulk-reactivate = Reativar
portal-bulk-delete = Eliminar
portal-bulk-restore = Restaurar
portal-bulk-preview = Pré-visualizar
portal-audit-title = Histórico da conta
portal-audit-intro = Cada alteração aos utilizadores da conta: quem a fez, por que canal, antes e depois.
portal-audit-user = Utilizador (email ou id)
portal-audit-actor = Alterado por (email)
portal-audit-channel = Canal
portal-audit-any-channel = Todos os canais
portal-audit-since = De
portal-audit-until = Até
portal-audit-zone = As datas são dias em UTC. As horas aparecem no fuso horário do seu navegador (em UTC sem scripts).
portal-audit-empty = Nenhuma alteração corresponde a estes filtros.
portal-audit-no-user = Nenhum utilizador da conta tem este email ou id.
portal-col-user = Utilizador
portal-audit-newer = Mais recentes
portal-audit-older = Mais antigos
portal-audit-first = Os mais recentes
portal-action-token_create = Token de API criado
portal-action-token_revoke = Token de API revogado
